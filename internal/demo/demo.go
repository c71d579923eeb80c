// Package demo seeds the demonstration organisations and accounts, one for
// every role, so that a new user can try the portal at once. Seeding twice
// changes nothing.
package demo

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/upload"
)

// Org is a demo organisation.
type Org struct{ Name, Kind string }

// Account is a demo login.
type Account struct {
	Email, Name string
	Role        auth.Role
	Lang        string
	Org         string // name of its organisation, empty for none
}

// Organisations are the demo's intermediary, its three donors and three NGOs.
var Organisations = []Org{
	{"Qendra për Zhvillim Shoqëror (ndërmjetësuese)", "intermediary"},
	{"Zyra e Bashkimit Evropian në Kosovë (donator)", "donor"},
	{"OJQ Hapa të Sigurt", "ngo"},
	{"OJQ Zëri i të Moshuarve", "ngo"},
	{"OJQ Shtëpia e Gruas Ferizaj", "ngo"},
	{UNDPDonor, "donor"},
	{UNICEFDonor, "donor"},
}

// The donors of the Albanian programmes (LNB and the municipal social
// fund), each with its donor officer, who sees only its own programme.
const (
	UNDPDonor   = "Programi i Kombeve të Bashkuara për Zhvillim, zyra në Shqipëri (donator)"
	UNICEFDonor = "UNICEF, zyra në Shqipëri (donator)"
)

// Accounts are the demo logins, one or more for every role.
var Accounts = []Account{
	{"admin@demo.example", "Arbëresha Krasniqi", auth.Admin, "sq", Organisations[0].Name},
	{"officer@demo.example", "Blerim Gashi", auth.ProgramOfficer, "sq", Organisations[0].Name},
	{"finance@demo.example", "Drita Berisha", auth.FinanceOfficer, "sq", Organisations[0].Name},
	{"donor@demo.example", "Emma Schneider", auth.DonorOfficer, "en", Organisations[1].Name},
	{"evaluator1@demo.example", "Fatmir Hoxha", auth.Evaluator, "sq", ""},
	{"evaluator2@demo.example", "Gordana Petrović", auth.Evaluator, "sr", ""},
	{"evaluator3@demo.example", "Hana Morina", auth.Evaluator, "en", ""},
	{"applicant1@demo.example", "Ilir Shala", auth.Applicant, "sq", Organisations[2].Name},
	{"applicant2@demo.example", "Jehona Rexhepi", auth.Applicant, "sq", Organisations[3].Name},
	{"applicant3@demo.example", "Kujtim Bytyqi", auth.Applicant, "sq", Organisations[4].Name},
	{"donor-undp@demo.example", "Elira Dervishaj", auth.DonorOfficer, "en", UNDPDonor},
	{"donor-unicef@demo.example", "Tomás Varga", auth.DonorOfficer, "en", UNICEFDonor},
}

// Result tells what the seed did.
type Result struct {
	Skipped      bool // --if-empty and the database already had users
	CreatedUsers int
	CreatedOrgs  int
}

// Seed creates what is missing of the demo. With ifEmpty it does nothing
// when any user exists. The demo applications' documents are recorded
// without their files (see SeedWith).
func Seed(ctx context.Context, d *db.DB, password string, ifEmpty bool) (Result, error) {
	return SeedWith(ctx, d, password, ifEmpty, nil)
}

// SeedWith is Seed keeping the generated files of the demo applications'
// documents in files (the portal's upload folder), so that they download.
func SeedWith(ctx context.Context, d *db.DB, password string, ifEmpty bool, files *upload.Store) (Result, error) {
	var res Result
	store := auth.NewStore(d)
	if ifEmpty {
		var n int
		if err := db.Get(ctx, d, &n, `SELECT COUNT(*) FROM users`); err != nil {
			return res, err
		}
		if n > 0 {
			res.Skipped = true
			return res, nil
		}
	}
	orgs, err := store.ListOrgs(ctx)
	if err != nil {
		return res, err
	}
	ids := map[string]int64{}
	for _, o := range orgs {
		ids[o.Name] = o.ID
	}
	for _, o := range Organisations {
		if _, ok := ids[o.Name]; ok {
			continue
		}
		created, err := store.CreateOrg(ctx, o.Name, o.Kind)
		if err != nil {
			return res, fmt.Errorf("demo organisation %s: %w", o.Name, err)
		}
		ids[o.Name] = created.ID
		res.CreatedOrgs++
	}
	for _, a := range Accounts {
		u, err := store.UserByEmail(ctx, a.Email)
		if apperr.Is(err, apperr.NotFound) {
			u, err = store.CreateUser(ctx, auth.NewUser{Email: a.Email, Name: a.Name, Role: a.Role, Lang: a.Lang, Password: password})
			if err == nil {
				res.CreatedUsers++
			}
		}
		if err != nil {
			return res, fmt.Errorf("demo account %s: %w", a.Email, err)
		}
		if a.Org != "" {
			var member int // checked first: adding a membership again would write another audit row
			if err := db.Get(ctx, d, &member, `SELECT COUNT(*) FROM memberships WHERE user_id = ? AND org_id = ?`,
				u.ID, ids[a.Org]); err != nil {
				return res, err
			}
			if member == 0 {
				if err := store.AddMember(ctx, u.ID, ids[a.Org]); err != nil {
					return res, err
				}
			}
		}
	}
	ngos, err := seedOrganisations(ctx, d, db.Now())
	if err != nil {
		return res, fmt.Errorf("demo organisations: %w", err)
	}
	res.CreatedOrgs += ngos
	if err := seedLetterhead(ctx, d, files); err != nil {
		return res, fmt.Errorf("demo letterhead: %w", err)
	}
	if err := seedProgrammes(ctx, d, db.Now()); err != nil {
		return res, fmt.Errorf("demo programmes: %w", err)
	}
	if err := seedApplications(ctx, d, db.Now(), files); err != nil {
		return res, fmt.Errorf("demo applications: %w", err)
	}
	if err := seedRound1(ctx, d, db.Now(), files); err != nil {
		return res, fmt.Errorf("demo first round: %w", err)
	}
	if err := seedEvaluation(ctx, d, db.Now()); err != nil {
		return res, fmt.Errorf("demo evaluation: %w", err)
	}
	if err := seedGrants(ctx, d, db.Now(), files); err != nil {
		return res, fmt.Errorf("demo grants: %w", err)
	}
	if err := seedDayCare(ctx, d, db.Now(), files); err != nil {
		return res, fmt.Errorf("demo day-care call: %w", err)
	}
	for _, p := range []struct {
		name string
		seed func(context.Context, *db.DB, time.Time, *upload.Store) (int, error)
	}{{"LNB programme", seedLNB}, {"UNICEF social fund", seedUNICEF}, {"EU consortium action", seedConsortium}} {
		n, err := p.seed(ctx, d, db.Now(), files)
		res.CreatedOrgs += n
		if err != nil {
			return res, fmt.Errorf("demo %s: %w", p.name, err)
		}
	}
	if err := seedReminders(ctx, d, db.Now(), files); err != nil {
		return res, fmt.Errorf("demo reminders: %w", err)
	}
	return res, nil
}

// PrintLogins writes the demo logins as a table.
func PrintLogins(w io.Writer, res Result, password string) {
	PrintSummary(w, res)
	PrintAccounts(w, password)
}

// PrintSummary says in one line what seeding did.
func PrintSummary(w io.Writer, res Result) {
	if res.Skipped {
		fmt.Fprintln(w, "The database already has users: demo data not seeded.")
	} else {
		fmt.Fprintf(w, "Demo data ready (%d organisations and %d accounts created).\n", res.CreatedOrgs, res.CreatedUsers)
	}
}

// PrintAccounts lists the demo logins and their password.
func PrintAccounts(w io.Writer, password string) {
	fmt.Fprintf(w, "\nDemo logins (password for all: %s):\n", password)
	for _, a := range Accounts {
		fmt.Fprintf(w, "  %-26s %s\n", a.Email, a.Role)
	}
	fmt.Fprintln(w)
}
