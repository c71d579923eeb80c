package search_test

import (
	"context"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/review/scoretest"
	"github.com/subgrant/portal/internal/search"
)

// world is the search tests' data, by short name:
//
//	D1 funds C1, D2 funds C2. A ("Qendra Pejë", in Pejë, with an IBAN),
//	B ("Udruženje Gračanica", in Gračanica) and E ("Ekipa Elbasan") are NGOs.
//	a1: A in C1, reference C1-0001, in Pejë, with grant GA-C1-0001 and a
//	payment request; a2: B in C1, reference C1-00010; a3: B in C2; e1: E in
//	C2; a4: A's draft, a5: B's draft, both titled "Sekret draft".
type world struct {
	d   *db.DB
	ids map[string]int64
}

func newWorld(t *testing.T, d *db.DB) world {
	t.Helper()
	ctx := context.Background()
	w := world{d: d, ids: map[string]int64{}}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(ctx, d, q, args...); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	c1 := apptest.Call(t, d, apptest.Spec{Reference: "C1"})
	c2 := apptest.Call(t, d, apptest.Spec{Reference: "C2"})
	w.ids["D1"], w.ids["D2"] = c1.Call.DonorOrgID, c2.Call.DonorOrgID
	w.ids["A"] = scoretest.Org(t, d, "Qendra Pejë")
	w.ids["B"] = scoretest.Org(t, d, "Udruženje Gračanica")
	w.ids["E"] = scoretest.Org(t, d, "Ekipa Elbasan")
	now := db.Now()
	exec(`INSERT INTO organisation_profiles (org_id, registration_number, municipality, iban, updated_at)
		VALUES (?, '70123456', 'XK-PEJE', 'XK05 1212 0123 4567 8906', ?)`, w.ids["A"], now)
	exec(`INSERT INTO organisation_profiles (org_id, registration_number, municipality, updated_at)
		VALUES (?, '80999111', 'XK-GRACANICE', ?)`, w.ids["B"], now)
	app := func(name string, c apptest.Fixture, org, status, title, ref string) {
		id := scoretest.App(t, d, c.Call.ID, c.Lots[0].ID, w.ids[org], "full", status, title)
		w.ids[name] = id
		if ref != "" {
			exec(`UPDATE applications SET reference = ? WHERE id = ?`, ref, id)
		}
		if status == "draft" {
			exec(`UPDATE applications SET submitted_at = NULL WHERE id = ?`, id)
		}
	}
	app("a1", c1, "A", "awarded", "Qendër ditore për të moshuarit", "C1-0001")
	app("a2", c1, "B", "eligible", "Dnevni centar", "C1-00010")
	app("a3", c2, "B", "eligible", "Sigurna kuća", "C2-0001")
	app("e1", c2, "E", "eligible", "Shërbime në shtëpi", "C2-0002")
	app("a4", c1, "A", "draft", "Sekret draft", "")
	app("a5", c1, "B", "draft", "Sekret draft", "")
	exec(`INSERT INTO application_municipalities (application_id, municipality) VALUES (?, 'XK-PEJE')`, w.ids["a1"])
	g, err := db.InsertID(ctx, d, `INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number,
		currency, amount_minor, donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, iban, bank_name,
		created_at, updated_at) VALUES (?, ?, ?, ?, 'GA-C1-0001', 'EUR', 1000000, 9000, '2026-01-01', '2026-12-31',
		'prefinancing_balance', 'signed', 'en', 'XK051212012345678906', 'Bank', ?, ?) RETURNING id`,
		w.ids["a1"], c1.Call.ProgrammeID, c1.Call.ID, w.ids["A"], now, now)
	if err != nil {
		t.Fatal(err)
	}
	w.ids["g1"] = g
	pr, err := db.InsertID(ctx, d, `INSERT INTO payment_requests (grant_id, amount_minor, currency, status,
		idempotency_key, requested_at) VALUES (?, 800000, 'EUR', 'requested', 'k1', ?) RETURNING id`, g, now)
	if err != nil {
		t.Fatal(err)
	}
	w.ids["pr1"] = pr
	return w
}

// The scopes of each searcher, as the policy grants them (the web layer
// builds them from the policy; TestSearchRoutes checks that path).
func (w world) scopes(who string) search.Scopes {
	all := func(p access.Principal, rel access.Relation) search.Scopes {
		s := access.For(p, rel)
		return search.Scopes{search.Organisations: s, search.Applications: s, search.Grants: s, search.PaymentRequests: s}
	}
	switch who {
	case "officer":
		return all(access.Principal{UserID: 1, Role: "program_officer"}, access.Any)
	case "donor":
		p := access.Principal{UserID: 2, Role: access.DonorOfficer, OrgIDs: []int64{w.ids["D1"]}}
		sc := all(p, access.OwnOrg)
		sc[search.Organisations] = access.For(p, access.Any)
		return sc
	case "applicantA":
		return all(access.Principal{UserID: 3, Role: "applicant", OrgIDs: []int64{w.ids["A"]}}, access.OwnOrg)
	case "applicantB":
		return all(access.Principal{UserID: 4, Role: "applicant", OrgIDs: []int64{w.ids["B"]}}, access.OwnOrg)
	}
	panic(who)
}

// found is what who finds for raw: "kind:name" of every hit in order.
func (w world) found(t *testing.T, who, raw string) []string {
	t.Helper()
	groups, err := search.Find(context.Background(), w.d, w.scopes(who), search.Query{Terms: search.Parse(raw), PerPage: 50})
	if err != nil {
		t.Fatalf("%s searches %q: %v", who, raw, err)
	}
	var out []string
	for _, g := range groups {
		if g.Total != len(g.Hits) {
			t.Errorf("%s searches %q: %s total %d, %d hits", who, raw, g.Kind, g.Total, len(g.Hits))
		}
		for _, h := range g.Hits {
			out = append(out, string(h.Kind)+":"+w.name(h.Kind, h.ID))
		}
	}
	return out
}

func (w world) name(k search.Kind, id int64) string {
	names := map[search.Kind][]string{search.Organisations: {"A", "B", "E", "D1", "D2"},
		search.Applications: {"a1", "a2", "a3", "e1", "a4", "a5"}, search.Grants: {"g1"}, search.PaymentRequests: {"pr1"}}
	for _, n := range names[k] {
		if w.ids[n] == id {
			return n
		}
	}
	return "?"
}
