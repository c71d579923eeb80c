package browser

import (
	"fmt"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// grantFor writes an approved award of organisation A with SQL and creates
// its signed agreement with one amendment waiting, returning the grant's id.
func grantFor(t *testing.T, env *webtest.Env) int64 {
	t.Helper()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	ins := func(q string, args ...any) int64 {
		id, err := db.InsertID(t.Context(), env.DB, q+" RETURNING id", args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	var donorOrg int64
	if err := db.Get(t.Context(), env.DB, &donorOrg, `SELECT org_id FROM memberships WHERE user_id = ?`, env.Users[webtest.DonorOfficer].ID); err != nil {
		t.Fatal(err)
	}
	prog := ins(`INSERT INTO programmes (title, donor_org_id, donor_profile, currency, subgrant_budget_minor, third_party_cap_minor,
		starts_on, ends_on, created_at, updated_at) VALUES ('Kujdes ditor për të moshuarit', ?, 'eu', 'EUR', 100000000, 6000000, '2026-01-01', '2029-12-31', ?, ?)`, donorOrg, now, now)
	// two funding sources: the grant page shows them beside the schedule
	env.Exec(`INSERT INTO programme_funding_sources (programme_id, position, name, amount_minor) VALUES (?, 1, 'Bashkimi Evropian', 95000000)`, prog)
	env.Exec(`INSERT INTO programme_funding_sources (programme_id, position, name, amount_minor) VALUES (?, 2, 'Ministria e Financave, Punës dhe Transfereve', 5000000)`, prog)
	call := ins(`INSERT INTO calls (programme_id, reference, title_sq, time_zone, created_at, updated_at) VALUES (?, 'KD-2026-BR', 'Thirrja', 'Europe/Belgrade', ?, ?)`, prog, now, now)
	lot := ins(`INSERT INTO call_lots (call_id, position, name, budget_minor) VALUES (?, 1, 'Lot', 10000000)`, call)
	app := ins(`INSERT INTO applications (call_id, lot_id, org_id, stage, status, reference, title, duration_months, start_month, currency,
		total_minor, requested_minor, cofinancing_minor, created_at, updated_at) VALUES (?, ?, ?, 'full', 'awarded', 'KD-2026-BR-001',
		'Qendër ditore në Gjakovë', 30, '2026-04', 'EUR', 12000000, 10800000, 1200000, ?, ?)`, call, lot, env.OrgA.ID, now, now)
	for i, l := range [][3]int64{{1, 8000000, 7200000}, {3, 3500000, 3150000}, {10, 500000, 450000}} {
		env.Exec(`INSERT INTO application_budget_lines (application_id, position, heading, description, unit, units_x100, unit_rate_minor,
			total_minor, requested_minor, cofinancing_minor) VALUES (?, ?, ?, 'Kujdestarë dhe koordinatorë të qendrës ditore', 'muaj', 100, ?, ?, ?, ?)`,
			app, i+1, fmt.Sprint(l[0]), l[1], l[1], l[2], l[1]-l[2])
	}
	sess := ins(`INSERT INTO committee_sessions (call_id, stage, held_on, status, created_at, approved_at) VALUES (?, 'full', '2026-02-20', 'approved', ?, ?)`, call, now, now)
	env.Exec(`INSERT INTO award_decisions (session_id, application_id, lot_id, org_id, rank, final_x100, fundable, decision, currency,
		requested_minor, amount_minor) VALUES (?, ?, ?, ?, 1, 8000, TRUE, 'award', 'EUR', 10800000, 10000000)`, sess, app, lot, env.OrgA.ID)
	env.Exec(`INSERT INTO organisation_profiles (org_id, iban, verified_at, updated_at) VALUES (?, 'XK051212012345678906', ?, ?)`, env.OrgA.ID, now, now)
	if rec := env.Post(webtest.ProgramOfficer, fmt.Sprintf("/applications/%d/grant", app), nil); rec.Code != 303 {
		t.Fatalf("create the grant: %d", rec.Code)
	}
	var id int64
	if err := db.Get(t.Context(), env.DB, &id, `SELECT id FROM grants WHERE application_id = ?`, app); err != nil {
		t.Fatal(err)
	}
	return id
}

// The grant pages pass axe in every language and do not scroll sideways at
// 390 px: the officer's list and a draft with its forms, the grantee's
// list and signed grant, and the refusal of an IBAN failing mod-97.
func TestAccessibilityGrants(t *testing.T) {
	h := newAxeHarness(t)
	env := h.env
	id := grantFor(t, env)
	gp := fmt.Sprintf("/grants/%d", id)
	b := h.tab(t)
	b.signIn(webtest.ProgramOfficer, i18n.SQ)
	b.checkPages(i18n.SQ, "/grants", gp)
	b.checkNarrow("/grants")
	b.checkNarrow(gp)
	env.Exec(`UPDATE grants SET status = 'signed', iban = 'XK051212012345678906' WHERE id = ?`, id)
	env.Exec(`UPDATE grant_tranches SET status = 'due' WHERE grant_id = ? AND requires = 'signature'`, id)
	for _, c := range []struct {
		p    webtest.Principal
		lang i18n.Lang
	}{{webtest.ApplicantA, i18n.EN}, {webtest.ApplicantA, i18n.SR}, {webtest.ProgramOfficer, i18n.SQ}, {webtest.DonorOfficer, i18n.EN}} {
		t.Run(string(c.p)+"/"+string(c.lang), func(t *testing.T) {
			b := h.tab(t)
			b.signIn(c.p, c.lang)
			b.checkPages(c.lang, "/grants", gp)
			b.checkNarrow("/grants")
			b.checkNarrow(gp)
			if c.p == webtest.ApplicantA {
				b.refuse(c.lang, gp, `form[action$="/amendments"] button[type="submit"]`, map[string]string{"iban": "XK05 1212 0123 4567 8907"}, "f-iban")
			}
		})
	}
}
