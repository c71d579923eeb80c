package search_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/place"
	"github.com/subgrant/portal/internal/search"
)

// Sizes of the generated set: ten times the demo (76 organisations, 89
// applications with a reference, 59 grants), so that the figure has room.
const (
	benchOrgs     = 800
	benchApps     = 1000 // over 4 calls
	benchGrants   = 600
	benchRequests = 600
)

var (
	benchWords = []string{"Qendra", "Shoqata", "Udruženje", "Fondacioni", "Rrjeti", "Centar", "Gruaja", "Zëri", "Jeta", "Hapi"}
	benchTopic = []string{"për të moshuarit", "për fëmijët", "za osobe sa invaliditetom", "kundër dhunës", "za Rome", "i Shpresës"}
)

// benchWorld writes the generated set in one transaction (the triggers
// index it) and returns the id of an organisation with applications.
func benchWorld(b *testing.B, d *db.DB) int64 { return benchWorldT(b, d) }

func benchWorldT(b testing.TB, d *db.DB) int64 {
	b.Helper()
	ctx := context.Background()
	var calls []apptest.Fixture
	for i := 1; i <= 4; i++ {
		calls = append(calls, apptest.Call(b, d, apptest.Spec{Reference: fmt.Sprintf("CFP-2026-0%d", i)}))
	}
	munis := place.Municipalities("")
	now := db.Now()
	var first int64
	err := d.Tx(ctx, func(tx *sqlx.Tx) error {
		var orgs, apps []int64
		for i := range benchOrgs {
			name := fmt.Sprintf("%s %s %s %d", benchWords[i%len(benchWords)], munis[i%len(munis)].SQ, benchTopic[i%len(benchTopic)], i)
			id, err := db.InsertID(ctx, tx, `INSERT INTO organisations (name, kind, created_at) VALUES (?, 'ngo', ?) RETURNING id`, name, now)
			if err != nil {
				return err
			}
			if _, err := db.Exec(ctx, tx, `INSERT INTO organisation_profiles (org_id, legal_name, registration_number, municipality, iban, updated_at)
				VALUES (?, ?, ?, ?, ?, ?)`, id, name, fmt.Sprintf("7%07d", i), munis[i%len(munis)].Code,
				fmt.Sprintf("XK05 1212 %04d %04d 89%02d", i/100, i, i%100), now); err != nil {
				return err
			}
			orgs = append(orgs, id)
		}
		first = orgs[0]
		for i := range benchApps {
			c := calls[i%len(calls)]
			id, err := db.InsertID(ctx, tx, `INSERT INTO applications (call_id, lot_id, org_id, stage, status, reference, title,
				currency, submitted_at, created_at, updated_at) VALUES (?, ?, ?, 'full', 'eligible', ?, ?, 'EUR', ?, ?, ?) RETURNING id`,
				c.Call.ID, c.Lots[0].ID, orgs[(i*7)%len(orgs)], fmt.Sprintf("%s-%04d", c.Call.Reference, i/len(calls)+1),
				fmt.Sprintf("Shërbime %s në %s", benchTopic[i%len(benchTopic)], munis[i%len(munis)].SQ), now, now, now)
			if err != nil {
				return err
			}
			if _, err := db.Exec(ctx, tx, `INSERT INTO application_municipalities (application_id, municipality) VALUES (?, ?)`,
				id, munis[(i*3)%len(munis)].Code); err != nil {
				return err
			}
			apps = append(apps, id)
		}
		for i := range benchGrants {
			c := calls[i%len(calls)]
			var org int64
			if err := db.Get(ctx, tx, &org, `SELECT org_id FROM applications WHERE id = ?`, apps[i]); err != nil {
				return err
			}
			g, err := db.InsertID(ctx, tx, `INSERT INTO grants (application_id, programme_id, call_id, org_id, contract_number,
				currency, amount_minor, donor_share_bp, starts_on, ends_on, schedule_rule, status, lang, iban, bank_name,
				created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'EUR', 1000000, 9000, '2026-01-01', '2026-12-31',
				'prefinancing_balance', 'signed', 'sq', ?, 'Bank', ?, ?) RETURNING id`, apps[i], c.Call.ProgrammeID, c.Call.ID,
				org, fmt.Sprintf("GA-2026-%04d", i+1), fmt.Sprintf("XK0512120000%08d", i), now, now)
			if err != nil {
				return err
			}
			if i < benchRequests {
				if _, err := db.Exec(ctx, tx, `INSERT INTO payment_requests (grant_id, amount_minor, currency, status,
					idempotency_key, requested_at) VALUES (?, 800000, 'EUR', 'requested', ?, ?)`, g, fmt.Sprintf("k%d", i), now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return first
}

// BenchmarkFind: one search box query as the results page runs it (the
// first 5 of every kind with their counts: eight statements), as a
// programme officer and as an applicant, on the generated set.
func BenchmarkFind(b *testing.B) {
	for _, e := range []struct {
		name string
		open func(testing.TB) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(e.name, func(b *testing.B) {
			d := e.open(b)
			org := benchWorld(b, d)
			officer := access.For(access.Principal{UserID: 1, Role: "program_officer"}, access.Any)
			applicant := access.For(access.Principal{UserID: 2, Role: "applicant", OrgIDs: []int64{org}}, access.OwnOrg)
			for _, q := range []struct{ name, text string }{
				{"exact_reference", "CFP-2026-03-0042"}, {"part_of_reference", "03-0042"}, {"municipality", "Gracanica"},
				{"name_prefix", "qend"}, {"two_words", "shoqata peje"}, {"iban", "XK05 1212 0001"}, {"common_word", "sherbime"},
				{"nothing", "zzzzqx"},
			} {
				for who, sc := range map[string]access.Scope{"officer": officer, "applicant": applicant} {
					scopes := search.Scopes{search.Organisations: sc, search.Applications: sc, search.Grants: sc, search.PaymentRequests: sc}
					query := search.Query{Terms: search.Parse(q.text), PerPage: 5}
					b.Run(q.name+"/"+who, func(b *testing.B) {
						for b.Loop() {
							if _, err := search.Find(context.Background(), d, scopes, query); err != nil {
								b.Fatal(err)
							}
						}
					})
				}
			}
		})
	}
}
