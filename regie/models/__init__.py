"""What every app shares: the audit log, the mail outbox, throttle counters and scheduled-command runs, user
profiles, and the regies themselves."""
from regie.models.audit import AuditEvent
from regie.models.background import BackgroundJob, JobStatus
from regie.models.mail import MailStatus, OutgoingMail
from regie.models.operations import CommandRun
from regie.models.profiles import UserProfile
from regie.models.regies import Regie, RegieHost, StaffMembership
from regie.models.throttles import ThrottleCounter

__all__ = ["AuditEvent", "BackgroundJob", "CommandRun", "JobStatus", "MailStatus", "OutgoingMail", "Regie", "RegieHost",
           "StaffMembership", "ThrottleCounter", "UserProfile"]
