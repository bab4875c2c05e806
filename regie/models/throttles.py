"""Attempt counters for throttles, counted atomically in the database that every web process shares."""
from django.db import models


class ThrottleCounter(models.Model):
    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="throttle_counter_once")]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self):
        return f"{self.key} ({self.count})"
