from celery import shared_task


@shared_task(ignore_result=True)
def forget_product_pages(codes: list[str]) -> None:
    """Queued (through the outbox) when an edit could not drop its cached pages because Redis was down."""
    from . import page_cache

    page_cache.forget(codes)
