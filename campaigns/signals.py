"""Events of the campaigns app for apps it must not import (the notifications app listens).

Sent inside the writing transaction: a receiver that queues work does so with enqueue_on_commit, so
a rolled-back write leaves nothing queued.
"""

from django.dispatch import Signal

# A planned activity's time or place changed: kwargs activity_id, change_id (the ActivityChange row).
activity_rescheduled = Signal()
# A bulletin was sent to its communes: kwargs bulletin_id, level (Bulletin.Level).
bulletin_sent = Signal()
