"""Reading the bank's statements (issue 18, part 1): camt.053.001.02 / 001.08 and CODA 2.x into plain entries,
and refusing, with the file and the place named, whatever cannot be read whole."""
import datetime
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import translation

from tests.support.bank_statements import EntryFactory, write_camt053, write_coda
from vouchers.bank_files.statements import StatementRefused, read_statements

pytestmark = pytest.mark.slow  # pure parsing; nothing here depends on today's date

BBA_SAMPLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <BkToCstmrStmt>
  <GrpHdr><MsgId>STMT-20260106-0001</MsgId><CreDtTm>2026-01-06T05:12:44.123+01:00</CreDtTm>
   <MsgPgntn><PgNb>1</PgNb><LastPgInd>true</LastPgInd></MsgPgntn></GrpHdr>
  <Stmt>
   <Id>2026-0004-BE71096123456769</Id><ElctrncSeqNb>4</ElctrncSeqNb><LglSeqNb>4</LglSeqNb>
   <CreDtTm>2026-01-06T05:12:44.123+01:00</CreDtTm>
   <FrToDt><FrDtTm>2026-01-05T00:00:00+01:00</FrDtTm><ToDtTm>2026-01-05T23:59:59+01:00</ToDtTm></FrToDt>
   <Acct><Id><IBAN>BE71 0961 2345 6769</IBAN></Id><Ccy>EUR</Ccy>
    <Ownr><Nm>Regie Sociale Economie Zuidoost-Limburg</Nm></Ownr>
    <Svcr><FinInstnId><BIC>GKCCBEBB</BIC></FinInstnId></Svcr></Acct>
   <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">15000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
    <Dt><Dt>2026-01-05</Dt></Dt></Bal>
   <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">14350.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
    <Dt><Dt>2026-01-05</Dt></Dt></Bal>
   <Ntry><Amt Ccy="EUR">500.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-01-05</Dt></BookgDt><ValDt><Dt>2026-01-05</Dt></ValDt><AcctSvcrRef>0501260042000001</AcctSvcrRef>
    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>
     <Prtry><Cd>0101</Cd><Issr>BBA</Issr></Prtry></BkTxCd>
    <NtryDtls><TxDtls>
     <Refs><MsgId>PB-2026-0001</MsgId><PmtInfId>PB-2026-0001</PmtInfId><EndToEndId>PB-2026-0001-00001</EndToEndId></Refs>
     <AmtDtls><TxAmt><Amt Ccy="EUR">500.00</Amt></TxAmt></AmtDtls>
     <RltdPties><Cdtr><Nm>De Kringwinkel Tongeren vzw</Nm></Cdtr>
      <CdtrAcct><Id><IBAN>BE68539007547034</IBAN></Id></CdtrAcct></RltdPties>
     <RltdAgts><CdtrAgt><FinInstnId><BIC>BBRUBEBB</BIC></FinInstnId></CdtrAgt></RltdAgts>
     <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp>
      <Ref>202600010195</Ref></CdtrRefInf></Strd></RmtInf>
    </TxDtls></NtryDtls></Ntry>
   <Ntry><Amt Ccy="EUR">250.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-01-05</Dt></BookgDt><ValDt><Dt>2026-01-05</Dt></ValDt><AcctSvcrRef>0501260042000002</AcctSvcrRef>
    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
    <NtryDtls><TxDtls>
     <Refs><EndToEndId>PB-2026-0001-00002</EndToEndId></Refs>
     <AmtDtls><TxAmt><Amt Ccy="EUR">250.00</Amt></TxAmt></AmtDtls>
     <RltdPties><Cdtr><Nm>Maatwerk Bilzen</Nm></Cdtr>
      <CdtrAcct><Id><IBAN>BE62510007547061</IBAN></Id></CdtrAcct></RltdPties>
     <RmtInf><Ustrd>+++202/6000/10296+++</Ustrd></RmtInf>
    </TxDtls></NtryDtls></Ntry>
   <Ntry><Amt Ccy="EUR">120.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>PDNG</Sts>
    <BookgDt><Dt>2026-01-05</Dt></BookgDt><AcctSvcrRef>0501260042000003</AcctSvcrRef>
    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd></Ntry>
   <Ntry><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-01-05</Dt></BookgDt><ValDt><Dt>2026-01-05</Dt></ValDt><AcctSvcrRef>0501260042000004</AcctSvcrRef>
    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>RRTN</SubFmlyCd></Fmly></Domn></BkTxCd>
    <NtryDtls><TxDtls>
     <Refs><EndToEndId>PB-2025-0007-00003</EndToEndId></Refs>
     <AmtDtls><TxAmt><Amt Ccy="EUR">100.00</Amt></TxAmt></AmtDtls>
     <RltdPties><Dbtr><Nm>Atelier Voeren</Nm></Dbtr><DbtrAcct><Id><IBAN>be43 0689 9999 9501</IBAN></Id></DbtrAcct>
     </RltdPties>
     <RmtInf><Ustrd>RETURN</Ustrd><Ustrd>ACCOUNT CLOSED</Ustrd></RmtInf>
     <RtrInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>Closed account number</AddtlInf></RtrInf>
    </TxDtls></NtryDtls></Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>
"""


def without_position(entries):
    return [replace(entry, position="") for entry in entries]


def test_camt053_and_coda_made_from_a_paid_batch_read_back_entry_for_entry():
    paid = EntryFactory.build_batch(3)
    paid[1] = replace(paid[1], value_date=None, communication="", free_text="Cheque 4821 Kringwinkel")
    returned = EntryFactory.build(credit=True, return_reason="MD07", communication="", booking_date=datetime.date(
        2026, 1, 9), counterparty_name="Atelier Voeren", end_to_end_id=paid[0].end_to_end_id)
    entries = [*paid, returned]
    for content, kind in ((write_camt053(entries, version="001.02"), "camt.053.001.02"),
                          (write_camt053(entries, version="001.08"), "camt.053.001.08"),
                          (write_camt053(entries).replace(b"001.02", b"001.04"), "camt.053.001.04"),
                          (write_coda(entries), "CODA 2")):
        [statement] = read_statements(content, filename="statement")
        assert (statement.kind, statement.account_iban, statement.currency) == (kind, "BE71096123456769", "EUR")
        assert without_position(statement.entries) == entries
    one_booking = EntryFactory.build_batch(3)
    batch = read_statements(write_camt053(one_booking, version="001.08", batch_booking=True))[0].entries
    assert without_position(batch) == one_booking
    two_days = read_statements(write_coda(paid[:1]) + write_coda(paid[1:], sequence=2))  # one file, two statements
    assert [(statement.statement_id, len(statement.entries)) for statement in two_days] == [
        ("BE71096123456769/2026-01-05/001", 1), ("BE71096123456769/2026-01-05/002", 2)]
    with translation.override("en"):
        assert [entry.position for entry in read_statements(write_coda(entries))[0].entries] == [
            "line 3", "line 6", "line 9", "line 12"]
        assert read_statements(write_camt053(paid, batch_booking=True))[0].entries[2].position == (
            "entry 1, transaction 3")


def test_a_belgian_camt053_001_02_gives_its_booked_payments_and_the_returned_transfer():
    [statement] = read_statements(BBA_SAMPLE, filename="KBC-2026-0004.xml")
    assert (statement.statement_id, statement.account_iban) == ("2026-0004-BE71096123456769", "BE71096123456769")
    first, second, returned = statement.entries  # the pending (PDNG) entry is not read
    assert (first.key, first.end_to_end_id, first.amount, first.credit) == (
        "0501260042000001", "PB-2026-0001-00001", Decimal("500.00"), False)
    assert (first.communication, first.counterparty_name, first.counterparty_iban) == (
        "202600010195", "De Kringwinkel Tongeren vzw", "BE68539007547034")
    assert (second.communication, second.free_text) == ("202600010296", "+++202/6000/10296+++")
    assert (returned.credit, returned.return_reason, returned.end_to_end_id) == (True, "AC04", "PB-2025-0007-00003")
    assert (returned.counterparty_name, returned.counterparty_iban, returned.free_text) == (
        "Atelier Voeren", "BE43068999999501", "RETURN ACCOUNT CLOSED")
    assert returned.booking_date == datetime.date(2026, 1, 5)
    assert read_statements(BBA_SAMPLE)[0].entries == statement.entries  # the same keys at every re-import


def broken_files():
    entries = EntryFactory.build_batch(2)
    camt = write_camt053(entries)
    coda = write_coda(entries)
    coda_lines = coda.split(b"\r\n")
    pain = b'<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/>'
    return [
        (b"", "bank.xml: it is empty."),
        (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "bank.xml: it is a PDF; upload the statement as camt.053 (XML) or CODA"),
        (b"date;amount\n2026-01-05;500.00\n", "bank.xml: it is neither a camt.053 (XML) nor a CODA bank statement."),
        (pain + b"</Document>", "bank.xml: it is a pain.001 (payment order) message, not a bank statement"),
        (camt.replace(b"camt.053.001.02", b"camt.054.001.02"), "it is a camt.054 (debit/credit notification)"),
        (camt[: len(camt) // 2], ("bank.xml, line ", ": it is not well-formed XML (", "the file may be cut off.")),
        ((b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
         b"<Document>&lol2;</Document>"), "bank.xml: it declares a DOCTYPE"),
        (camt.replace(b">100.00<", b">100,00<", 1), 'bank.xml, entry 1: "100,00" is not an amount.'),
        (b"\r\n".join(coda_lines[:5]), "bank.xml, line 5: the trailer record (9) is missing: the file is cut off."),
        (coda.replace(b"9               000008", b"9               000009"),
         ("bank.xml, line 10: the trailer (9) counts 000009 records, debits 201.00 and credits 0.00, but the file "
         "holds 8 records, debits 201.00 and credits 0.00: it is incomplete or altered.")),
        (coda.replace(b"00000000000 00000" + b" " * 39 + b"2", b"00000000000 00000" + b" " * 39 + b"1"),
         "bank.xml, line 1: only CODA version 2 can be read"),
    ]


@pytest.mark.parametrize(("content", "message"), broken_files())
def test_what_cannot_be_read_whole_is_refused_with_the_file_the_place_and_the_reason(content, message):
    with translation.override("en"), pytest.raises(StatementRefused) as refused:
        read_statements(content, filename="bank.xml")
    for fragment in [message] if isinstance(message, str) else message:
        assert fragment in refused.value.message


def test_a_batch_booking_whose_transactions_do_not_add_up_and_an_oversized_file_are_refused(settings):
    content = write_camt053(EntryFactory.build_batch(2, amount=Decimal(100)), batch_booking=True).replace(
        b">100.00<", b">99.00<", 1)
    with translation.override("en"), pytest.raises(StatementRefused) as refused:
        read_statements(content, filename="batch.xml")
    assert refused.value.message == (
        "batch.xml, entry 1: the amounts of its transactions do not add up to the entry's amount.")
    settings.BANK_STATEMENT_MAX_BYTES = 1024 * 1024
    with translation.override("en"), pytest.raises(StatementRefused) as refused:
        read_statements(b" " * (1024 * 1024 + 1), filename="big.xml")
    assert refused.value.message == "big.xml: it is larger than 1 MB, the most a bank statement may be."


def coda_globalised(entries):
    """A CODA file whose first movement is a batch total (globalisation code 2) over a subtotal (code 1) over the
    single transfers (code 0): one sequence number, detail numbers 0000, 0001, 0002, ..."""
    total = sum(entry.amount for entry in entries)
    lines = write_coda([replace(entries[0], amount=total), replace(entries[0], amount=total), *entries]).split(
        b"\r\n")
    for index in range(2, 2 + 3 * (len(entries) + 2)):
        detail, kind = divmod(index - 2, 3)
        line = bytearray(lines[index])
        line[2:10] = f"0001{detail:04d}".encode()
        if kind == 0:
            line[124:125] = b"2" if detail == 0 else b"1" if detail == 1 else b"0"
        lines[index] = bytes(line)
    lines[-2] = lines[-2][:22] + f"{int(total * 1000):015d}".encode() + lines[-2][37:]  # the trailer sums the total
    return b"\r\n".join(lines)


def test_returns_without_a_code_several_accounts_pages_odd_amounts_and_nested_coda_batches_are_read():
    paid, back = EntryFactory.build(), EntryFactory.build(credit=True, return_reason="AC04", communication="")
    camt = write_camt053([paid, back], version="001.08")
    as_proprietary = camt.replace(b"<Cd>AC04</Cd>", b"<Prtry>AC04</Prtry>")
    without_code = re.sub(rb"\s*<RtrInf>.*?</RtrInf>", b"", camt, flags=re.DOTALL)  # only BkTxCd says RRTN
    coda_without_code = write_coda([paid, back]).replace(b"2AC04", b"2    ")  # R-type 2 at 113, no code
    assert [[entry.return_reason for entry in read_statements(content)[0].entries]
            for content in (as_proprietary, without_code, coda_without_code)] == [["", "AC04"], ["", "NARR"],
                                                                                   ["", "NARR"]]
    several = read_statements(write_coda([paid]) + write_coda([back], iban="BE68539007547034", sequence=2)
                              + write_coda([paid], currency="USD", sequence=3))  # a business channel's file
    assert [(s.account_iban, s.currency, len(s.entries)) for s in several] == [
        ("BE71096123456769", "EUR", 1), ("BE68539007547034", "EUR", 1), ("BE71096123456769", "USD", 1)]
    page = b"<MsgPgntn><PgNb>2</PgNb><LastPgInd>true</LastPgInd></MsgPgntn></GrpHdr>"
    second_page = write_camt053([paid]).replace(b"<AcctSvcrRef>" + paid.key.encode() + b"</AcctSvcrRef>", b"")
    keys = [read_statements(content)[0].entries[0].key
            for content in (second_page, re.sub(rb"\s*</GrpHdr>", page, second_page))]
    assert keys == ["2026-001/1", "2026-001/p2/1"]  # page 2 of a statement gives other keys than page 1
    odd = [EntryFactory.build(amount=Decimal(100)), EntryFactory.build(amount=Decimal(0)), EntryFactory.build()]
    content = write_camt053(odd).replace(b">100.00<", b">100.000<")
    assert [entry.amount for entry in read_statements(content)[0].entries] == [Decimal(100), odd[2].amount]
    batch = write_camt053(odd[::2], batch_booking=True).replace(b"TxAmt>", b"InstdAmt>")
    assert [entry.amount for entry in read_statements(batch)[0].entries] == [Decimal(100), odd[2].amount]
    assert without_position(read_statements(write_coda(odd))[0].entries) == [odd[0], odd[2]]
    singles = EntryFactory.build_batch(2)
    assert without_position(read_statements(coda_globalised(singles))[0].entries) == [
        replace(entry, key=f"{entry.key}/{number:04d}") for number, entry in enumerate(singles, start=2)]


def test_an_entity_bomb_anywhere_or_in_utf16_is_refused_as_a_doctype():
    entities = '<!ENTITY a0 "xxxxxxxxxx">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    bomb = f'<!DOCTYPE Document [{entities}]><Document>&a9;</Document>'
    after_4_kb = f'<?xml version="1.0"?><!-- {"x" * 5000} -->{bomb}'.encode()
    for content in (after_4_kb, ('<?xml version="1.0" encoding="UTF-16"?>' + bomb).encode("utf-16")):
        with translation.override("en"), pytest.raises(StatementRefused) as refused:
            read_statements(content, filename="bom.xml")
        assert refused.value.message == ("bom.xml: it declares a DOCTYPE, which bank statements never do; it is "
                                         "refused for safety.")
