package opendata

import (
	"context"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
)

// world is a programme written straight into the tables: a Kosovo NGO
// with a signed grant (pre-financing paid, balance planned), an Albanian
// NGO with an active grant paid in two odd amounts, a draft that no export
// lists, and a grant of another donor's programme.
type world struct {
	t                    testing.TB
	d                    *db.DB
	programme, other     int64 // the call's programme; another donor's
	donor, otherDonor    int64
	inter, ks, al        int64 // intermediary, Kosovo NGO, Albanian NGO
	grantKS, grantAL     int64
	paidKS, paidAL       int64 // the ledger totals
	call, lot, callOther int64
}

func (w *world) id(q string, args ...any) int64 {
	w.t.Helper()
	id, err := db.InsertID(context.Background(), w.d, q, args...)
	if err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
	return id
}

func (w *world) exec(q string, args ...any) {
	w.t.Helper()
	if _, err := db.Exec(context.Background(), w.d, q, args...); err != nil {
		w.t.Fatalf("%s: %v", q, err)
	}
}

func newWorld(t testing.TB, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{t: t, d: d}
	fx := apptest.Call(t, d, apptest.Spec{Reference: "CFP-OD-01"})
	w.programme, w.call, w.lot = fx.Call.ProgrammeID, fx.Call.ID, fx.Lots[0].ID
	if err := db.Get(ctx, d, &w.donor, `SELECT donor_org_id FROM programmes WHERE id = ?`, w.programme); err != nil {
		t.Fatal(err)
	}
	fy := apptest.Call(t, d, apptest.Spec{Reference: "CFP-OD-02"})
	w.other, w.callOther = fy.Call.ProgrammeID, fy.Call.ID
	if err := db.Get(ctx, d, &w.otherDonor, `SELECT donor_org_id FROM programmes WHERE id = ?`, w.other); err != nil {
		t.Fatal(err)
	}
	as := auth.NewStore(d)
	org := func(name, kind string) int64 {
		o, err := as.CreateOrg(ctx, name, kind)
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	w.inter = org("Qendra Ndërmjetëse", "intermediary")
	w.ks = org("OJQ Dora e Ngrohtë", "ngo")
	w.al = org("Shoqata Ura Tiranë", "ngo")
	w.profile(w.ks, "OJQ Dora e Ngrohtë Ferizaj", "XK-FERIZAJ", "5110131", "Departamenti për Regjistrim dhe Ndërlidhje me OJQ", "600577")
	w.profile(w.al, "", "AL-TIRANE", "", "Gjykata e Rrethit Gjyqësor Tiranë", "L91234567A")

	appKS := w.app(w.call, w.lot, w.ks, "Qendër ditore për të moshuarit", "Kujdes ditor për 40 të moshuar.", "XK-FERIZAJ",
		"elderly", 30, "domestic_violence_victims", 10)
	w.grantKS = w.grant(appKS, w.programme, w.call, w.ks, "CFP-OD-01-G-001", 1_000_000, "signed", "sq")
	w.tranche(w.grantKS, 1, "prefinancing", 800_000, "2026-02-01", "paid")
	w.tranche(w.grantKS, 2, "balance", 200_000, "2027-03-31", "planned")
	w.paidKS = w.pay(w.grantKS, 800_000, "2026-02-03")

	appAL := w.app(w.call, w.lot, w.al, "Services for families <script>&", "Support for 60 families.", "AL-TIRANE",
		"families_social_assistance", 60, "", 0)
	w.grantAL = w.grant(appAL, w.programme, w.call, w.al, "CFP-OD-01-G-002", 3_333_333, "active", "en")
	w.tranche(w.grantAL, 1, "prefinancing", 1_111_111, "2026-02-01", "paid")
	w.tranche(w.grantAL, 2, "interim", 1_111_112, "2026-08-01", "paid")
	w.tranche(w.grantAL, 3, "balance", 1_111_110, "2027-03-31", "due")
	w.paidAL = w.pay(w.grantAL, 1_111_111, "2026-02-05") + w.pay(w.grantAL, 1_111_112, "2026-08-04")

	draft := w.app(w.call, w.lot, w.ks, "Draft", "", "XK-FERIZAJ", "", 0, "", 0)
	w.grant(draft, w.programme, w.call, w.ks, "CFP-OD-01-G-003-DRAFT", 500_000, "draft", "sq")
	elsewhere := w.app(w.callOther, fy.Lots[0].ID, w.ks, "Elsewhere", "", "XK-FERIZAJ", "", 0, "", 0)
	g := w.grant(elsewhere, w.other, w.callOther, w.ks, "CFP-OD-02-G-001-OTHER", 700_000, "signed", "sq")
	w.pay(g, 700_000, "2026-03-01")
	return w
}

func (w *world) profile(org int64, legal, municipality, regNo, registry, fiscal string) {
	w.exec(`INSERT INTO organisation_profiles (org_id, legal_name, municipality, registration_number, registry, fiscal_number, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, org, legal, municipality, regNo, registry, fiscal, db.Now())
}

func (w *world) app(call, lot, org int64, title, summary, municipality, g1 string, n1 int64, g2 string, n2 int64) int64 {
	now := db.Now()
	id := w.id(`INSERT INTO applications (call_id, lot_id, org_id, stage, status, title, summary, duration_months, currency,
		created_at, updated_at) VALUES (?, ?, ?, 'full', 'awarded', ?, ?, 12, 'EUR', ?, ?) RETURNING id`, call, lot, org, title, summary, now, now)
	w.exec(`INSERT INTO application_municipalities (application_id, municipality) VALUES (?, ?)`, id, municipality)
	for _, tg := range []struct {
		code string
		n    int64
	}{{g1, n1}, {g2, n2}} {
		if tg.code != "" {
			w.exec(`INSERT INTO application_target_groups (application_id, target_group, beneficiaries) VALUES (?, ?, ?)`, id, tg.code, tg.n)
		}
	}
	return id
}

func (w *world) grant(app, programme, call, org int64, contract string, amount int64, status, lang string) int64 {
	now := db.Now()
	signed := time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)
	return w.id(`INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number, currency, amount_minor,
		donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, iban, bank_name, signed_at, org_signed_on, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'EUR', ?, 9000, '2026-02-01', '2027-01-31', 'prefinancing_balance', ?, ?, 'XK051212012345678906',
		'Banka', ?, '2026-01-20', ?, ?) RETURNING id`, app, programme, call, org, contract, amount, status, lang, signed, now, now)
}

func (w *world) tranche(grant int64, pos int, kind string, amount int64, due, status string) {
	req := "signature"
	if kind != "prefinancing" {
		req = "final_report"
	}
	w.exec(`INSERT INTO grant_tranches (grant_id, position, kind, amount_minor, due_on, requires, status)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, grant, pos, kind, amount, due, req, status)
}

// pay writes a paid request and its ledger row and returns the amount.
func (w *world) pay(grant, amount int64, on string) int64 {
	now := db.Now()
	req := w.id(`INSERT INTO payment_requests (grant_id, amount_minor, currency, status, idempotency_key, requested_at)
		VALUES (?, ?, 'EUR', 'paid', ?, ?) RETURNING id`, grant, amount, on+"-"+itoa(amount), now)
	w.id(`INSERT INTO payments (request_id, grant_id, amount_minor, currency, paid_on, bank_reference, iban, rate_from, rate_to,
		rate_micros, rate_currency, report_minor, recorded_at) VALUES (?, ?, ?, 'EUR', ?, 'REF', 'XK051212012345678906', 'EUR',
		'EUR', 1000000, 'EUR', ?, ?) RETURNING id`, req, grant, amount, on, amount, now)
	w.exec(`UPDATE grants SET paid_minor = paid_minor + ? WHERE id = ?`, amount, grant)
	return amount
}
