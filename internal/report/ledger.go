package report

import (
	"context"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
)

// LedgerRow is one disbursement of the ledger.
type LedgerRow struct {
	PaidOn       string `db:"paid_on"`
	Contract     string `db:"contract_number"`
	Grantee      string `db:"grantee"`
	Tranche      string `db:"tranche"`
	BankRef      string `db:"bank_reference"`
	Amount       int64  `db:"amount_minor"`
	Currency     string `db:"currency"`
	ReportAmount int64  `db:"report_minor"`
	ReportCur    string `db:"rate_currency"`
}

// ledgerQuery reads the programme's payments the scope reaches, by day.
const ledgerFrom = ` FROM payments p JOIN grants g ON g.id = p.grant_id
	JOIN organisations o ON o.id = g.org_id
	JOIN payment_requests pr ON pr.id = p.request_id
	LEFT JOIN grant_tranches t ON t.id = pr.tranche_id
	WHERE g.programme_id = ? AND `

// ledgerRows counts the ledger's payments.
func (b *Build) ledgerRows(ctx context.Context) (int, error) {
	cond, args := b.Scope.Grants("g")
	var n int
	err := db.Get(ctx, b.deps.DB, &n, `SELECT COUNT(*)`+ledgerFrom+cond, append([]any{b.ProgrammeID}, args...)...)
	return n, err
}

// ledgerWorkbook is the disbursement ledger: every payment of the
// programme, streamed from the database row by row, with its total as a
// formula.
func (b *Build) ledgerWorkbook(ctx context.Context, w io.Writer) error {
	n, err := b.ledgerRows(ctx)
	if err != nil {
		return fmt.Errorf("report: ledger count: %w", err)
	}
	cond, args := b.Scope.Grants("g")
	args = append([]any{b.ProgrammeID}, args...)
	q := b.deps.DB.Rebind(`SELECT p.paid_on, g.contract_number, o.name AS grantee,
		COALESCE(t.kind, '') AS tranche, p.bank_reference, p.amount_minor, p.currency, p.report_minor, p.rate_currency` +
		ledgerFrom + cond + ` ORDER BY p.paid_on, p.id`)
	rows, err := b.deps.DB.QueryxContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("report: ledger: %w", err)
	}
	defer rows.Close()
	var scanErr error
	next := func() (LedgerRow, bool) {
		var r LedgerRow
		if !rows.Next() {
			return r, false
		}
		if scanErr = rows.StructScan(&r); scanErr != nil {
			return r, false
		}
		if r.Tranche != "" {
			r.Tranche = b.T("report.tranche." + r.Tranche)
		}
		return r, true
	}
	k, err := b.newBook(b.T("report.disbursement-ledger.title"), donorFormats(b))
	if err != nil {
		return err
	}
	if err := b.writeLedger(k, n, next); err != nil {
		k.close()
		return err
	}
	if scanErr != nil || rows.Err() != nil {
		k.close()
		return fmt.Errorf("report: ledger rows: %v %v", scanErr, rows.Err())
	}
	return k.write(w)
}

// ledgerHeader is the row of the ledger's column headings.
const ledgerHeader = 4

// writeLedger streams n ledger rows from next into a sheet and adds the
// total; the benchmark drives it with rows of its own.
func (b *Build) writeLedger(k *book, n int, next func() (LedgerRow, bool)) error {
	cols := []col{{Width: 12}, {Width: 20}, {Width: 36}, {Width: 16}, {Width: 22}, {Width: 16}, {Width: 9}, {Width: 16}, {Width: 9}}
	s, err := k.newSheet(k.uniqueName(b.T("report.sheet.ledger")), cols, sheetOpts{Header: ledgerHeader, Filter: n})
	if err != nil {
		return err
	}
	head := [][]any{
		{k.title(b.T("report.disbursement-ledger.title"))},
		{k.text(b.Programme.Title), nil, k.text(b.T("report.generated_at", "at", b.now.Format("2006-01-02 15:04 UTC")))},
		{},
		k.headers(b.T("report.col.paid_on"), b.T("report.col.contract"), b.T("report.col.grantee"), b.T("report.col.tranche"),
			b.T("report.col.bank_reference"), b.T("report.col.amount"), b.T("report.col.currency"),
			b.T("report.col.report_amount"), b.T("report.col.report_currency")),
	}
	for _, r := range head {
		if err := s.add(r...); err != nil {
			return err
		}
	}
	var total, done int64
	for r, ok := next(); ok; r, ok = next() {
		total += r.Amount
		done++
		if err := s.add(k.date(r.PaidOn), k.text(r.Contract), k.text(r.Grantee), k.text(r.Tranche), k.text(r.BankRef),
			k.money(r.Amount), k.text(r.Currency), excelize.Cell{StyleID: k.st.plainMoney, Value: major(r.ReportAmount)},
			k.text(r.ReportCur)); err != nil {
			return err
		}
		if done%1000 == 0 {
			b.progress(int(done), n)
		}
	}
	first, last := ledgerHeader+1, s.row
	sum := "SUM(" + ref(6, first) + ":" + ref(6, max(last, first)) + ")"
	s.skip()
	if err := s.add(k.totalLabel(b.T("report.col.total")), nil, nil, nil, nil, k.formula(k.st.totalMoney, sum, major(total))); err != nil {
		return err
	}
	b.progress(int(done), n)
	return s.done()
}

// donorFormats are the programme donor's number formats and page, or the
// defaults when the report has no programme.
func donorFormats(b *Build) (f donor.Formats) {
	if b.Profile != nil {
		return b.Profile.Formats
	}
	return f
}
