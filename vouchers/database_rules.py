"""Rules the database holds beyond Django's constraints: a redemption by a firm that the cheque's regie does not list
is refused, whatever writes it (vouchers migration 0033 creates the trigger).

SQLite rebuilds a table for most schema changes (a new table, the rows copied, the old one dropped, the new one
renamed), which drops the triggers on it and refuses a rename while a trigger names a table that is gone. So on SQLite
`migrate` drops these triggers before it runs (pre_migrate) and creates them again afterwards (post_migrate), once
migration 0033 is applied; PostgreSQL alters tables in place and keeps them."""
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

MIGRATION = ("vouchers", "0033_redemptions_by_listed_firms")
MESSAGE = "redemption_by_unlisted_firm: the regie of the cheque does not list this firm"
NOT_LISTED = """NOT EXISTS (
    SELECT 1 FROM vouchers_voucher v JOIN vouchers_call c ON c.id = v.call_id
    JOIN enterprises_firmlisting l ON l.regie_id = c.regie_id
    WHERE v.id = NEW.voucher_id AND l.enterprise_id = NEW.enterprise_id)"""

POSTGRESQL = [f"""
CREATE FUNCTION vouchers_redemption_by_listed_firm() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.voucher_id = OLD.voucher_id AND NEW.enterprise_id = OLD.enterprise_id THEN
        RETURN NEW;
    END IF;
    IF {NOT_LISTED} THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$""", """
CREATE TRIGGER vouchers_redemption_by_listed_firm BEFORE INSERT OR UPDATE OF voucher_id, enterprise_id
ON vouchers_redemption FOR EACH ROW EXECUTE FUNCTION vouchers_redemption_by_listed_firm()"""]
POSTGRESQL_UNDO = ["DROP TRIGGER vouchers_redemption_by_listed_firm ON vouchers_redemption",
                   "DROP FUNCTION vouchers_redemption_by_listed_firm()"]

SQLITE_TRIGGERS = ["vouchers_redemption_by_listed_firm_insert", "vouchers_redemption_by_listed_firm_update"]
SQLITE = [f"""
CREATE TRIGGER IF NOT EXISTS vouchers_redemption_by_listed_firm_insert BEFORE INSERT ON vouchers_redemption
WHEN {NOT_LISTED} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""", f"""
CREATE TRIGGER IF NOT EXISTS vouchers_redemption_by_listed_firm_update
BEFORE UPDATE OF voucher_id, enterprise_id ON vouchers_redemption
WHEN (NEW.voucher_id != OLD.voucher_id OR NEW.enterprise_id != OLD.enterprise_id) AND {NOT_LISTED}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""]
SQLITE_UNDO = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]

CREATE = {"postgresql": POSTGRESQL, "sqlite": SQLITE}
DROP = {"postgresql": POSTGRESQL_UNDO, "sqlite": SQLITE_UNDO}


def _execute(connection, statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_before_migrate(sender, using="default", **kwargs):
    """pre_migrate, SQLite only: no trigger in the way of the tables a migration rebuilds."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        _execute(connection, SQLITE_UNDO)


def create_after_migrate(sender, using="default", **kwargs):
    """post_migrate, SQLite only: the triggers again, where migration 0033 is applied."""
    connection = connections[using]
    if connection.vendor == "sqlite" and MIGRATION in MigrationRecorder(connection).applied_migrations():
        _execute(connection, SQLITE)
