"""The communication work at provincial scale for `seed_demo --scale large` (scale.generate calls
`communication`): a provincial campaign with one sub-campaign per district, 20,000 activities over
the twelve months (every channel, most done), guidance documents sent down the tree and mostly
acknowledged, loudspeaker bulletins sent to the communes and mostly aired. Uneven like the visits:
communes differ in how active they are, and the stalled ones did little lately.

No files are written: documents and bulletins name a file path that does not exist (the scale
database serves benchmarks, not downloads).
"""

from campaigns.models import (
    Activity,
    Audience,
    Bulletin,
    BulletinAiring,
    BulletinTarget,
    Campaign,
    Channel,
    DocumentRecipient,
    GuidanceDocument,
)

from .spread import spread

MODELS = [Campaign, Activity, GuidanceDocument, DocumentRecipient, Bulletin, BulletinTarget, BulletinAiring]
CHANNELS = list(Channel.values)
# Conferences, documents and loudspeakers are the daily bread; contests and camps are rare.
CHANNEL_WEIGHTS = [14, 12, 8, 22, 10, 10, 3, 12, 9]
DONE_SHARE, CANCELLED_SHARE = 0.8, 0.03
ACKNOWLEDGED_SHARE, AIRED_SHARE = 0.85, 0.8
NULL = r"\N"


def communication(gen, communes, tree) -> None:
    """Rows for every table in MODELS through gen.table(); `tree` is (province id, {district id: [commune]})."""
    day_text = gen.day_text
    province, districts = tree
    campaigns = gen.table(
        Campaign, ["id", "unit_id", "name", "starts_on", "ends_on", "status", "lead_agency", "audiences", "parent_id"]
    )
    top = gen.ids.new(Campaign)
    first, last = day_text[0], day_text[-1]
    campaigns.add(
        f"{top}\t{province}\tChuyển đổi số toàn dân {first[:4]}\t{first}\t{last}\tactive\tSở TT&TT"
        f"\t{{citizens}}\t{NULL}"
    )
    district_campaign = {}
    for n, district in enumerate(districts):
        district_campaign[district] = gen.ids.new(Campaign)
        campaigns.add(
            f"{district_campaign[district]}\t{district}\tCĐS huyện {n + 1}\t{first}\t{last}\tactive"
            f"\tPhòng Văn hoá - Thông tin\t{{citizens,farmers}}\t{top}"
        )
    district_of = {c.id: d for d, members in districts.items() for c in members}
    _activities(gen, communes, district_campaign, district_of)
    _documents(gen, province, districts)
    _bulletins(gen, province, districts, communes)


def _moment(gen, day: int, hour: int) -> str:
    return f"{gen.day_text[day]} {hour:02d}:00:00+07"


def _activities(gen, communes, district_campaign, district_of) -> None:
    rng, sizes = gen.rng, gen.sizes
    rows = gen.table(
        Activity,
        ["id", "campaign_id", "unit_id", "channel", "title", "starts_at", "ends_at", "place", "organiser"]
        + ["participants_in_person", "participants_online", "audiences", "status", "result_report"],
    )
    weights = [c.households * (0.3 + rng.random()) for c in communes]
    audiences = list(Audience.values)
    for commune, count in zip(communes, spread(sizes.activities, weights), strict=True):
        last_day = sizes.days - 1 - commune.stalled_days
        campaign = district_campaign[district_of[commune.id]]
        for _n in range(count):
            day = int(last_day * rng.random() ** 0.7)  # more of them as the campaign gains pace
            hour = 7 + int(rng.random() * 12)
            channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
            online = channel in (Channel.ONLINE, Channel.ARTICLE)
            draw = rng.random()
            status = "done" if draw < DONE_SHARE else "cancelled" if draw < DONE_SHARE + CANCELLED_SHARE else "planned"
            if day > sizes.days - 8 and status == "done":
                status = "planned"  # the last week's work is mostly still to report
            rows.add(
                f"{gen.ids.new(Activity)}\t{campaign}\t{commune.id}\t{channel}\tTuyên truyền CĐS tại {commune.name}"
                f"\t{_moment(gen, day, hour)}\t{_moment(gen, day, hour + 2)}\tNhà văn hoá\tUBND {commune.name}"
                f"\t{0 if online else 20 + int(rng.random() * 150)}\t{int(rng.random() * 2000) if online else 0}"
                f"\t{{{rng.choice(audiences)}}}\t{status}\t{'Đã tổ chức theo kế hoạch.' if status == 'done' else ''}"
            )


def _documents(gen, province, districts) -> None:
    """The province's documents go to every district and commune; each district's to its communes."""
    rng, sizes = gen.rng, gen.sizes
    documents = gen.table(GuidanceDocument, ["id", "unit_id", "title", "number", "issued_on", "file"])
    recipients = gen.table(DocumentRecipient, ["id", "document_id", "unit_id", "acknowledged_at"])
    senders = [(province, [u for d, members in districts.items() for u in [d, *(c.id for c in members)]])]
    senders += [(d, [c.id for c in members]) for d, members in districts.items()]
    per_sender = spread(sizes.documents, [3] + [1] * len(districts))
    for (sender, units), count in zip(senders, per_sender, strict=True):
        for n in range(count):
            document_id, day = gen.ids.new(GuidanceDocument), int((sizes.days - 1) * rng.random())
            documents.add(
                f"{document_id}\t{sender}\tHướng dẫn triển khai chuyển đổi số {n + 1}\t{n + 1}/HD-{sender}"
                f"\t{gen.day_text[day]}\tcampaigns/documents/scale/{document_id}.pdf"
            )
            for unit in units:
                seen = rng.random() < ACKNOWLEDGED_SHARE
                later = min(sizes.days - 1, day + int(rng.random() * 5))
                recipients.add(
                    f"{gen.ids.new(DocumentRecipient)}\t{document_id}\t{unit}"
                    f"\t{_moment(gen, later, 9) if seen else NULL}"
                )


def _bulletins(gen, province, districts, communes) -> None:
    """Bulletins to a district's communes (most) or to all (from the province), aired within days."""
    rng, sizes = gen.rng, gen.sizes
    bulletins = gen.table(
        Bulletin,
        ["id", "unit_id", "level", "rank", "source_level", "title", "text"]
        + ["valid_from", "valid_until", "due_at", "created_at"],
    )
    targets = gen.table(BulletinTarget, ["id", "bulletin_id", "commune_id", "first_aired_at"])
    airings = gen.table(
        BulletinAiring, ["id", "target_id", "aired_at", "times_aired", "clusters_reached", "aired_by", "recorded_at"]
    )
    district_ids = list(districts)
    for n in range(sizes.bulletins):
        from_province = rng.random() < 0.2
        sender = province if from_province else rng.choice(district_ids)
        receivers = communes if from_province else districts[sender]
        level, rank = ("priority", 1) if rng.random() < 0.1 else ("normal", 2)
        day = int((sizes.days - 1) * rng.random() ** 0.8)
        sent, until = _moment(gen, day, 7), _moment(gen, min(sizes.days - 1, day + 7), 7)
        bulletin_id = gen.ids.new(Bulletin)
        bulletins.add(
            f"{bulletin_id}\t{sender}\t{level}\t{rank}\t{'province' if from_province else 'district'}"
            f"\tThông báo tuyên truyền chuyển đổi số số {n + 1}\tKính thưa nhân dân ..."
            f"\t{sent}\t{until}\t{until}\t{sent}"
        )
        for commune in receivers:
            target_id = gen.ids.new(BulletinTarget)
            aired_day = day + int(rng.random() * 3)
            aired = (
                rng.random() < AIRED_SHARE
                and aired_day < sizes.days
                and not (commune.stalled_days and aired_day > sizes.days - 1 - commune.stalled_days)
            )
            at = _moment(gen, aired_day, 17) if aired else NULL
            targets.add(f"{target_id}\t{bulletin_id}\t{commune.id}\t{at}")
            if aired:
                airings.add(
                    f"{gen.ids.new(BulletinAiring)}\t{target_id}\t{at}\t{1 + int(rng.random() * 2)}"
                    f"\t{1 + int(rng.random() * 12)}\tĐài truyền thanh xã\t{at}"
                )
