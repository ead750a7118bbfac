"""What other contexts may listen to. The referral desk, for one, closes its referral when the follow-up task it
asked for is closed; the pillars context does not know about referrals.

``task_closed`` is sent inside the closing transaction (``sender=Task, task=..., actor=...``), so a receiver's
writes commit or roll back together with the task's new status.
"""

from django.dispatch import Signal

task_closed = Signal()
