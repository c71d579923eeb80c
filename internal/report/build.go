package report

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
)

// Build is one report being built: the request, the facts of its
// programme, call or grant (each read through the request's scope) and the
// labels of its language.
type Build struct {
	Request
	deps      Deps
	now       time.Time
	Programme ProgrammeFacts
	CallRef   string      // the call's reference (call reports)
	Grant     *GrantFacts // the grant (grant reports)
	Profile   *donor.Profile
}

// ProgrammeFacts are what every report says of its programme.
type ProgrammeFacts struct {
	ID        int64  `db:"id"`
	Title     string `db:"title"`
	DonorName string `db:"donor_name"`
	Profile   string `db:"donor_profile"`
	Currency  string `db:"currency"`
	Budget    int64  `db:"subgrant_budget_minor"`
	StartsOn  string `db:"starts_on"`
	EndsOn    string `db:"ends_on"`
}

// T translates a catalogue key in the report's language.
func (b *Build) T(key string, args ...any) string { return b.deps.Cat.T(b.Lang, key, args...) }

// Now is when the report is built (UTC).
func (b *Build) Now() time.Time { return b.now }

// progress tells the requester how far the build is.
func (b *Build) progress(done, total int) {
	if b.Progress != nil {
		b.Progress(done, total)
	}
}

const programmeCols = `p.id, p.title, o.name AS donor_name, p.donor_profile, p.currency, p.subgrant_budget_minor, p.starts_on, p.ends_on
	FROM programmes p JOIN organisations o ON o.id = p.donor_org_id`

// load reads the facts of the request's parameters through its scope: a
// programme, call or grant the scope does not reach is NotFound, as if it
// did not exist.
func (b *Build) load(ctx context.Context, rep Report) error {
	sc := b.Scope
	if rep.Requires(Grant) {
		g, err := b.grantFacts(ctx)
		if err != nil {
			return err
		}
		b.Grant, b.ProgrammeID = &g, g.ProgrammeID
	}
	if rep.Requires(Call) {
		cond, args := sc.Rankings("c")
		var c struct {
			Ref         string `db:"reference"`
			ProgrammeID int64  `db:"programme_id"`
		}
		if err := db.Get(ctx, b.deps.DB, &c, `SELECT c.reference, c.programme_id FROM calls c WHERE c.id = ? AND `+cond,
			append([]any{b.CallID}, args...)...); err != nil {
			return err
		}
		b.CallRef, b.ProgrammeID = c.Ref, c.ProgrammeID
	}
	if b.ProgrammeID == 0 {
		return nil
	}
	cond, args := sc.Programmes("p")
	if rep.Requires(Grant) || rep.Requires(Call) {
		cond, args = "1 = 1", nil // reached through the grant or the call
	}
	if err := db.Get(ctx, b.deps.DB, &b.Programme, `SELECT `+programmeCols+` WHERE p.id = ? AND `+cond,
		append([]any{b.ProgrammeID}, args...)...); err != nil {
		return err
	}
	b.Profile = b.deps.Profiles[b.Programme.Profile]
	if b.Profile == nil {
		return fmt.Errorf("report: programme %d: no donor profile %q", b.ProgrammeID, b.Programme.Profile)
	}
	return nil
}

// fileName is the download's name: the report, its subject and the day.
func (b *Build) fileName(rep Report) string {
	subject := ""
	switch {
	case b.Grant != nil:
		subject = "-" + safeName(b.Grant.Contract)
	case b.CallID > 0:
		subject = "-" + safeName(b.CallRef)
	case b.ProgrammeID > 0:
		subject = "-programme-" + strconv.FormatInt(b.ProgrammeID, 10)
	}
	return rep.Name + subject + "-" + b.now.Format("20060102") + "." + b.Format
}

// safeName keeps letters, digits, dot, dash and underscore of s.
func safeName(s string) string {
	out := []rune{}
	for _, r := range s {
		if r < 128 && (r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			out = append(out, r)
		} else {
			out = append(out, '_')
		}
	}
	return string(out)
}

// money formats an amount in the report's language (for titles and PDFs).
func (b *Build) money(minor int64) string { return i18n.Money(b.Lang, minor, b.Programme.Currency) }

// notFound is the answer for a row outside the scope.
func notFound() error { return apperr.New(apperr.NotFound, "error.not_found") }
