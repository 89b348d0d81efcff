"""Mail each member a reminder the day before their cell's announced meetings (run it daily, e.g. by cron).

Idempotent: a reminder is recorded per meeting version and member (MeetingNotification), so running the
command several times a day, or again after a crash, never mails anyone twice.
"""
import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from topics.models import Meeting, MeetingStatus, NotificationKind
from topics.notifications import meeting_notify



class Command(BaseCommand):
    help = "Gửi e-mail nhắc lịch sinh hoạt chuyên đề diễn ra vào ngày mai (không gửi trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Coi ngày này là hôm nay (YYYY-MM-DD), để chạy bù.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date phải có dạng YYYY-MM-DD") from None
        tomorrow = today + dt.timedelta(days=1)
        start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
        end = start + dt.timedelta(days=1)
        meetings = (Meeting.objects.filter(status=MeetingStatus.ANNOUNCED, scheduled_at__gte=start,
                                           scheduled_at__lt=end)
                    .select_related("cell").order_by("scheduled_at"))
        total = 0
        count = 0
        for meeting in meetings:
            count += 1
            total += meeting_notify(meeting, NotificationKind.REMINDER)
        self.stdout.write(f"{count} buổi sinh hoạt ngày {tomorrow:%d/%m/%Y}; đã gửi {total} e-mail nhắc lịch.")
