package browser

import (
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
)

// seedPublic gives the public register and map something to show on the
// areas' call: organisation B, verified and seated in Pejë, with a signed
// agreement resting on an approved award and a social service in Pejë.
func seedPublic(t *testing.T, h *harness, a areas) {
	t.Helper()
	d, ctx := h.env.DB, t.Context()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	org := h.env.OrgB.ID
	exec := func(q string, args ...any) int64 {
		t.Helper()
		id, err := db.InsertID(ctx, d, q+" RETURNING id", args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	if _, err := db.Exec(ctx, d, `INSERT INTO organisation_profiles (org_id, municipality, verified_at, updated_at) VALUES (?, 'XK-PEJE', ?, ?)`,
		org, at, at); err != nil {
		t.Fatalf("profile: %v", err)
	}
	exec(`INSERT INTO organisation_services (org_id, service_type, municipality, capacity, beneficiaries_per_year)
		VALUES (?, 'home_care', 'XK-PEJE', 25, 70)`, org)
	session := exec(`INSERT INTO committee_sessions (call_id, stage, held_on, status, created_at, approved_at)
		VALUES (?, 'full', '2026-02-20', 'approved', ?, ?)`, a.fx.Call.ID, at, at)
	app := exec(`INSERT INTO applications (call_id, lot_id, org_id, stage, status, reference, title, currency, requested_minor,
		created_at, updated_at) VALUES (?, ?, ?, 'full', 'awarded', 'PUB-AXE-001', 'Kujdes në shtëpi', 'EUR', 3000000, ?, ?)`,
		a.fx.Call.ID, a.fx.Lots[0].ID, org, at, at)
	exec(`INSERT INTO award_decisions (session_id, application_id, lot_id, org_id, rank, final_x100, fundable, decision, currency,
		requested_minor, amount_minor) VALUES (?, ?, ?, ?, 1, 8000, TRUE, 'award', 'EUR', 3000000, 3000000)`, session, app, a.fx.Lots[0].ID, org)
	exec(`INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number, currency, amount_minor, donor_share_bp,
		starts_on, ends_on, schedule_rule, status, lang, signed_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'PUB-AXE-G1', 'EUR', 3000000, 9000,
		'2026-04-01', '2027-03-31', 'prefinancing_balance', 'signed', 'sq', ?, ?, ?)`, app, a.programme, a.fx.Call.ID, org, at, at, at)
}

// checkQueryPages is checkPages for pages opened with a query (filters, a
// chosen municipality): the path shown is the query's path.
func (b *tab) checkQueryPages(lang i18n.Lang, paths ...string) {
	b.t.Helper()
	for _, p := range paths {
		if got := b.open(p); got != 200 {
			b.t.Fatalf("GET %s: status %d, want 200", p, got)
		}
		b.wantLang(lang)
		b.checkAxe()
		b.checkIDs()
		b.checkPolish()
	}
}

// checkTileLinks: on the map of services, a municipality's square is a
// link that screen readers name by the municipality and its value, and
// the keyboard reaches it.
func checkTileLinks(b *tab) {
	b.t.Helper()
	if got := b.open("/map?measure=services"); got != 200 {
		b.t.Fatalf("GET /map?measure=services: %d", got)
	}
	css := `svg.tilemap-svg a[href*="m=XK-PEJE"]`
	if ax := b.axNode(css); ax.Role != "link" || ax.Name != "Pejë: 1" {
		b.t.Errorf("the square of Pejë is %q named %q, want a link named %q", ax.Role, ax.Name, "Pejë: 1")
	}
	var focused bool
	b.js(`(() => { const a = document.querySelector('`+css+`'); a.focus(); return document.activeElement === a; })()`, &focused)
	if !focused {
		b.t.Error("the square of Pejë takes no keyboard focus")
	}
}
