package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/payment"
	"github.com/subgrant/portal/internal/pdfdoc"
	"github.com/subgrant/portal/internal/reporting"
	"github.com/subgrant/portal/internal/upload"
)

// The demo's grants after the award, in the order of their agreements
// (by contract number): the first few pre-financing requests wait for
// finance, the rest are paid; applicant3's pre-financing is due and not
// requested, so that a new user can request it.
const (
	waitingVerification = 3 // requested, for finance@demo.example to verify
	waitingApproval     = 2 // verified by finance, for officer@demo.example to approve
)

// grantSeeder holds the stores and people of the grants' story.
type grantSeeder struct {
	d        *db.DB
	grants   *grant.Store
	payments *payment.Store
	reports  *reporting.Store
	files    *upload.Store
	people   map[string]auth.User
	members  map[int64]auth.User // an organisation's demo account, if it has one
}

// seedGrants turns the first round's awards into agreements: every award
// gets its draft, those of verified organisations are signed, and their
// pre-financing goes through the four eyes (requested by the grantee,
// verified by finance, approved by the officer, paid by finance), some
// requests left waiting for finance; one grantee asks to change its bank
// account; then the reports (seedReports). Requests of the NGOs without a
// demo login are recorded under their organisation's scope with no user
// (requested_by empty, the audit row naming the organisation). Seeding twice changes nothing: the step runs only while the
// round has no agreement.
func seedGrants(ctx context.Context, d *db.DB, now time.Time, files *upload.Store) error {
	var callID int64
	if err := db.Get(ctx, d, &callID, `SELECT id FROM calls WHERE reference = ?`, CovidRound1); err != nil {
		return err
	}
	var n int
	if err := db.Get(ctx, d, &n, `SELECT COUNT(*) FROM grants WHERE call_id = ?`, callID); err != nil || n > 0 {
		return err
	}
	gs, err := newGrantSeeder(ctx, d, files)
	if err != nil {
		return err
	}
	officer, finance := gs.people[Accounts[1].Email], gs.people[Accounts[2].Email]
	// the drafts, made the day after the award session (12 days after closing)
	gs.at(now.Add(-17 * day))
	octx := gs.as(ctx, officer, 0)
	if _, _, err := gs.grants.CreateForCall(octx, callID, officer.ID); err != nil {
		return fmt.Errorf("agreements: %w", err)
	}
	list, err := gs.grants.List(ctx, grant.Filter{CallID: callID}, access.Everything())
	if err != nil {
		return err
	}
	// signed ten days ago by both sides
	gs.at(now.Add(-10 * day))
	var signed []grant.Agreement
	for _, g := range list {
		ok, err := gs.sign(octx, g, now.Add(-12*day))
		if err != nil {
			return fmt.Errorf("sign %s: %w", g.ContractNumber, err)
		}
		if ok {
			signed = append(signed, g)
		}
	}
	applicant3 := gs.people[Accounts[9].Email]
	requests := 0
	var paid []grant.Agreement
	for _, g := range signed {
		if _, mine := gs.members[g.OrgID]; mine && gs.members[g.OrgID].ID == applicant3.ID {
			continue // applicant3 requests its own pre-financing
		}
		gs.at(now.Add(-8 * day))
		id, err := gs.request(ctx, g)
		if err != nil {
			return fmt.Errorf("request %s: %w", g.ContractNumber, err)
		}
		requests++
		if requests <= waitingVerification {
			continue
		}
		fa := payment.Actor{UserID: finance.ID, Scope: access.Everything()}
		oa := payment.Actor{UserID: officer.ID, Scope: access.Everything()}
		gs.at(now.Add(-7 * day))
		if _, err := gs.payments.Verify(gs.as(ctx, finance, 0), fa, id); err != nil {
			return fmt.Errorf("verify %s: %w", g.ContractNumber, err)
		}
		if requests <= waitingVerification+waitingApproval {
			continue
		}
		gs.at(now.Add(-6 * day))
		if _, err := gs.payments.Approve(octx, oa, id); err != nil {
			return fmt.Errorf("approve %s: %w", g.ContractNumber, err)
		}
		gs.at(now.Add(-5 * day))
		r, err := gs.payments.Get(ctx, access.Everything(), id)
		if err != nil {
			return err
		}
		if _, err := gs.payments.Pay(gs.as(ctx, finance, 0), fa, id, payment.PayInput{PaidOn: now.Add(-5 * day).Format("2006-01-02"),
			BankReference: fmt.Sprintf("DEMO-TRF-%05d", id), AmountMinor: r.AmountMinor}); err != nil {
			return fmt.Errorf("pay %s: %w", g.ContractNumber, err)
		}
		if _, ok := gs.members[g.OrgID]; !ok {
			paid = append(paid, g)
		}
	}
	gs.at(now.Add(-2 * day))
	if err := gs.bankAmendment(ctx, signed); err != nil {
		return err
	}
	return gs.seedReports(ctx, paid, now)
}

func newGrantSeeder(ctx context.Context, d *db.DB, files *upload.Store) (*grantSeeder, error) {
	profiles, err := donor.Load()
	if err != nil {
		return nil, err
	}
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	gs := &grantSeeder{d: d, grants: grant.NewStore(d, profiles), payments: payment.NewStore(d), files: files,
		people: map[string]auth.User{}, members: map[int64]auth.User{}}
	// a signed agreement owes its reports, as in the portal
	gs.reports = reporting.NewStore(d, profiles)
	// and each step tells its people, as in the portal (issue 12)
	gs.grants.Cat, gs.payments.Cat, gs.reports.Cat = cat, cat, cat
	gs.grants.OnSigned = gs.reports.CreateCalendar
	as := auth.NewStore(d)
	for _, a := range Accounts {
		u, err := as.UserByEmail(ctx, a.Email)
		if err != nil {
			return nil, err
		}
		gs.people[a.Email] = u
		if u.Role == auth.Applicant {
			orgs, err := as.OrgsOf(ctx, u.ID)
			if err != nil {
				return nil, err
			}
			for _, o := range orgs {
				gs.members[o.ID] = u
			}
		}
	}
	return gs, nil
}

// at sets the stores' clock.
func (gs *grantSeeder) at(t time.Time) {
	clock := func() time.Time { return t }
	gs.grants.Now, gs.payments.Now, gs.reports.Now = clock, clock, clock
}

// as is ctx with u as the actor of the audit rows written under it.
func (gs *grantSeeder) as(ctx context.Context, u auth.User, orgID int64) context.Context {
	return audit.WithActor(ctx, audit.Actor{UserID: u.ID, Role: string(u.Role), OrgID: orgID, RequestID: "demo-seed"})
}

// sign records the signed scan and both dates and signs the agreement,
// when the grantee's profile is verified (false, nil otherwise: the draft
// waits for the verification of the organisation).
func (gs *grantSeeder) sign(ctx context.Context, g grant.Agreement, on time.Time) (bool, error) {
	var verified int
	if err := db.Get(ctx, gs.d, &verified, `SELECT COUNT(*) FROM organisation_profiles WHERE org_id = ? AND verified_at IS NOT NULL`,
		g.OrgID); err != nil || verified == 0 {
		return false, err
	}
	name := g.ContractNumber + "-signed.pdf"
	key := sha256.Sum256([]byte("demo/grant/" + g.ContractNumber))
	stored := hex.EncodeToString(key[:16])
	if gs.files != nil {
		pdf := pdfdoc.New(g.ContractNumber, "Dokument demonstrues", on)
		pdf.Para("Marrëveshja e nënshkruar (dokument demonstrues, jo i vërtetë): " + g.OrgName)
		content, err := pdf.Bytes()
		if err != nil {
			return false, err
		}
		f, err := gs.files.Save(bytes.NewReader(content), name)
		if err != nil {
			return false, err
		}
		stored = f.StoredName
	}
	date := on.Format("2006-01-02")
	if _, err := gs.grants.RecordSigning(ctx, g.ID, access.Everything(), grant.Signing{ScanStoredName: stored,
		ScanDisplayName: name, GranteeSignedOn: date, OrgSignedOn: date}); err != nil {
		return false, err
	}
	if _, err := gs.grants.Apply(ctx, g.ID, access.Everything(), grant.Sign, string(auth.ProgramOfficer), ""); err != nil {
		return false, err
	}
	return true, nil
}

// request asks for grant g's first due tranche as its grantee: the demo
// account of the organisation, or, for the NGOs without a demo login, the
// organisation itself (its scope, no user: the request names no person).
func (gs *grantSeeder) request(ctx context.Context, g grant.Agreement) (int64, error) {
	u := gs.members[g.OrgID]
	ts, err := gs.grants.Tranches(ctx, g.ID, access.Everything())
	if err != nil {
		return 0, err
	}
	for _, t := range ts {
		if t.Status != grant.Due {
			continue
		}
		a := payment.Actor{UserID: u.ID, Scope: access.Orgs(g.OrgID)}
		actx := audit.WithActor(ctx, audit.Actor{UserID: u.ID, Role: string(auth.Applicant), OrgID: g.OrgID, RequestID: "demo-seed"})
		tid := t.ID
		r, _, err := gs.payments.Request(actx, a, g.ID, payment.NewRequest{TrancheID: &tid, AmountMinor: t.AmountMinor,
			Currency: g.Currency, IdempotencyKey: fmt.Sprintf("demo-%d-%d", g.ID, t.ID)})
		return r.ID, err
	}
	return 0, fmt.Errorf("no tranche due")
}

// bankAmendment: applicant2's organisation (or the last signed grantee)
// asks to move its grant to a new account; it waits for an officer.
func (gs *grantSeeder) bankAmendment(ctx context.Context, signed []grant.Agreement) error {
	if len(signed) == 0 {
		return nil
	}
	g := signed[len(signed)-1]
	u := gs.members[g.OrgID]
	for _, s := range signed {
		if m, ok := gs.members[s.OrgID]; ok && m.Email == Accounts[8].Email {
			g, u = s, m
		}
	}
	actx := audit.WithActor(ctx, audit.Actor{UserID: u.ID, Role: string(auth.Applicant), OrgID: g.OrgID, RequestID: "demo-seed"})
	_, err := gs.grants.RequestAmendment(actx, g.ID, access.Orgs(g.OrgID), grant.BankAccount,
		grant.Change{IBAN: demoIBAN(500 + int(g.OrgID)), BankName: "Banka Demonstruese"},
		"Llogaria e vjetër mbyllet në fund të muajit; pagesat e ardhshme në llogarinë e re.",
		grant.Requester{UserID: u.ID, Role: string(auth.Applicant), Grantee: true})
	return err
}
