package remind

import (
	"context"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
)

// reports are the grantee reports of signed or active grants of the
// zone's calls still for the grantee to send, due within ReportAhead days
// or overdue; the grantee's members are reminded.
func (r *Runner) reports(ctx context.Context, d day) ([]reminder, error) {
	var rows []struct {
		ID       int64  `db:"id"`
		OrgID    int64  `db:"org_id"`
		Kind     string `db:"kind"`
		DueOn    string `db:"due_on"`
		Contract string `db:"contract_number"`
	}
	err := db.Select(ctx, r.DB, &rows, `SELECT gr.id, g.org_id, gr.kind, gr.due_on, g.contract_number
		FROM grantee_reports gr JOIN grants g ON g.id = gr.grant_id JOIN calls c ON c.id = g.call_id
		WHERE c.time_zone = ? AND g.status IN ('signed', 'active') AND gr.status IN ('due', 'draft', 'changes_requested')
		AND gr.due_on <= ? ORDER BY gr.id`, d.zone, d.today().AddDate(0, 0, ReportAhead).Format(dateLayout))
	if err != nil {
		return nil, fmt.Errorf("reports due: %w", err)
	}
	var out []reminder
	for _, row := range rows {
		dueOn, err := time.Parse(dateLayout, row.DueOn)
		if err != nil {
			r.log().Warn("remind: report with a bad due date", "report", row.ID, "due_on", row.DueOn)
			continue
		}
		bucket, late := d.bucket(dueOn)
		contract, kind := row.Contract, row.Kind
		text := r.dueText("remind.report.", dueOn, late, func(l i18n.Lang) []any {
			return []any{"contract", contract, "kind", r.Cat.T(l, "reporting.kind."+kind)}
		})
		rs, err := r.toMembers(ctx, row.OrgID, reminder{kind: KindReport, items: []item{{id: row.ID}}, bucket: bucket,
			event: notify.EventReportDue, link: fmt.Sprintf("/grantee-reports/%d", row.ID), text: single(text)})
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// closingCalls are the published calls of the zone closing within
// CallAhead days: each organisation with a draft application on one is
// reminded, once per call and closing date.
func (r *Runner) closingCalls(ctx context.Context, d day) ([]reminder, error) {
	var rows []struct {
		CallID   int64     `db:"call_id"`
		OrgID    int64     `db:"org_id"`
		AppID    int64     `db:"app_id"`
		ClosesAt time.Time `db:"closes_at"`
		titles
	}
	err := db.Select(ctx, r.DB, &rows, `SELECT c.id AS call_id, a.org_id, MIN(a.id) AS app_id, c.closes_at,
		c.title_sq, c.title_en, c.title_sr
		FROM calls c JOIN applications a ON a.call_id = c.id
		WHERE c.time_zone = ? AND c.state = 'published' AND c.closes_at IS NOT NULL AND c.closes_at > ? AND c.closes_at < ?
		AND a.status = 'draft'
		GROUP BY c.id, a.org_id, c.closes_at, c.title_sq, c.title_en, c.title_sr ORDER BY c.id, a.org_id`,
		d.zone, d.now, d.endOfDay(CallAhead))
	if err != nil {
		return nil, fmt.Errorf("calls closing: %w", err)
	}
	var out []reminder
	for _, row := range rows {
		t, at, zone := row.titles, row.ClosesAt, d.zone
		text := func(l i18n.Lang) (string, string) {
			a := []any{"call", t.in(l), "closes", r.Cat.When(l, at, zone)}
			return r.Cat.T(l, "remind.call.closing.subject", a...), r.Cat.T(l, "remind.call.closing.body", a...)
		}
		rs, err := r.toMembers(ctx, row.OrgID, reminder{kind: KindCall, items: []item{{id: row.CallID}},
			bucket: "closes:" + d.date(at).Format(dateLayout), event: notify.EventCallClosing,
			link: fmt.Sprintf("/applications/%d", row.AppID), text: single(text)})
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// documents are the organisation documents (the vault) that expire
// within DocumentAhead days, not yet expired; the organisation's members
// are reminded once per document and expiry date.
func (r *Runner) documents(ctx context.Context, d day) ([]reminder, error) {
	var rows []struct {
		ID         int64     `db:"id"`
		OrgID      int64     `db:"org_id"`
		DocType    string    `db:"doc_type"`
		FileName   string    `db:"file_name"`
		ValidUntil time.Time `db:"valid_until"`
	}
	err := db.Select(ctx, r.DB, &rows, `SELECT id, org_id, doc_type, file_name, valid_until FROM organisation_documents
		WHERE valid_until IS NOT NULL AND valid_until >= ? AND valid_until <= ? ORDER BY id`,
		d.today(), d.today().AddDate(0, 0, DocumentAhead))
	if err != nil {
		return nil, fmt.Errorf("documents expiring: %w", err)
	}
	var out []reminder
	for _, row := range rows {
		until := row.ValidUntil.UTC()
		docType, file := row.DocType, row.FileName
		text := func(l i18n.Lang) (string, string) {
			a := []any{"document", r.Cat.T(l, "org.doc."+docType), "file", file, "date", i18n.Date(l, until)}
			return r.Cat.T(l, "remind.document.expiring.subject", a...), r.Cat.T(l, "remind.document.expiring.body", a...)
		}
		rs, err := r.toMembers(ctx, row.OrgID, reminder{kind: KindDocument, items: []item{{id: row.ID}},
			bucket: "expires:" + until.Format(dateLayout), event: notify.EventDocumentExpires,
			link: fmt.Sprintf("/organisations/%d/documents", row.OrgID), text: single(text)})
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}
