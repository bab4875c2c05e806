"""The database refuses a redemption of a regie's cheque by a firm that regie does not list: a cheque of regie A is
unredeemable through regie B, whatever code path writes the row. Checked when a redemption is inserted and when its
cheque or firm changes, not on other updates, so that a firm's redemptions from before a regie stopped listing it
are still decided and paid."""
from django.db import migrations

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

SQLITE = [f"""
CREATE TRIGGER vouchers_redemption_by_listed_firm_insert BEFORE INSERT ON vouchers_redemption
WHEN {NOT_LISTED} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""", f"""
CREATE TRIGGER vouchers_redemption_by_listed_firm_update BEFORE UPDATE OF voucher_id, enterprise_id
ON vouchers_redemption
WHEN (NEW.voucher_id != OLD.voucher_id OR NEW.enterprise_id != OLD.enterprise_id) AND {NOT_LISTED}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""]
SQLITE_UNDO = ["DROP TRIGGER vouchers_redemption_by_listed_firm_insert",
               "DROP TRIGGER vouchers_redemption_by_listed_firm_update"]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements[schema_editor.connection.vendor]:
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("enterprises", "0005_existing_firms_listed"),
        ("vouchers", "0032_staff_of_regie_1"),
    ]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
                             _run({"postgresql": POSTGRESQL_UNDO, "sqlite": SQLITE_UNDO}), elidable=False),
    ]
