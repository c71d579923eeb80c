package importer

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
)

// Store checks and imports files. Now is the clock.
type Store struct {
	DB  *db.DB
	Cat *i18n.Catalogue
	Now func() time.Time
}

func (s *Store) now() time.Time {
	if s.Now == nil {
		return db.Now()
	}
	return s.Now().UTC().Truncate(time.Microsecond)
}

// Check reads file b of kind k and checks every row, in the file and
// against the database through c; lang is the importing officer's
// language (the invitations' where a row names none). A file that cannot
// be read at all is an error FileKey names.
func (s *Store) Check(ctx context.Context, c db.Conn, k Kind, b []byte, lang i18n.Lang) (Result, error) {
	t, err := read(b)
	if err != nil {
		return Result{}, err
	}
	res := Result{Kind: k, Rows: len(t.rows)}
	pos, probs := columnsOf(s.Cat, k, t)
	if len(probs) > 0 {
		res.Problems = probs
		return res, nil
	}
	ck := &checker{cat: s.Cat, lang: lang, now: s.now(), pos: pos}
	ck.kinds, ck.langs = words(s.Cat)
	for _, l := range t.rows {
		if k == Evaluators {
			e, _ := ck.evaluator(l)
			res.Evaluators = append(res.Evaluators, e)
		} else {
			o, _ := ck.org(l)
			res.Orgs = append(res.Orgs, o)
		}
	}
	ck.duplicates(res)
	if err := ck.taken(ctx, c, res); err != nil {
		return Result{}, err
	}
	res.Problems = ck.probs
	if res.Rows == 0 {
		res.Problems = append(res.Problems, Problem{Key: "import.error.no_rows"})
	}
	sortProblems(res.Problems)
	return res, nil
}

// duplicates finds registration numbers and e-mails that appear twice in
// the file; the later row names the first.
func (c *checker) duplicates(res Result) {
	seen := map[string]int{}
	dup := func(row int, col, value string) {
		if value == "" {
			return
		}
		k := col + "\x00" + value
		if first, ok := seen[k]; ok {
			c.probs = append(c.probs, Problem{Row: row, Col: c.pos[col], Column: col, Key: "import.error.duplicate_in_file", Args: []any{"row", first}})
			return
		}
		seen[k] = row
	}
	for _, o := range res.Orgs {
		dup(o.Row, "registration_number", regKey(o.RegistrationNumber))
		dup(o.Row, "contact_email", auth.NormEmail(o.ContactEmail))
	}
	for _, e := range res.Evaluators {
		dup(e.Row, "email", auth.NormEmail(e.Email))
	}
}

// regKey is the form in which registration numbers are compared: without
// spaces, upper case.
func regKey(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }

// taken finds registration numbers and e-mails the database already has.
// Registration numbers are compared as regKey writes them, so all of them
// are read once rather than one scan per row.
func (c *checker) taken(ctx context.Context, conn db.Conn, res Result) error {
	known := map[string]bool{}
	if len(res.Orgs) > 0 {
		var regs []string
		if err := db.Select(ctx, conn, &regs, `SELECT registration_number FROM organisation_profiles
			WHERE registration_number <> ''`); err != nil {
			return fmt.Errorf("import check: %w", err)
		}
		for _, r := range regs {
			known[regKey(r)] = true
		}
	}
	for _, o := range res.Orgs {
		if o.RegistrationNumber != "" && known[regKey(o.RegistrationNumber)] {
			c.probs = append(c.probs, Problem{Row: o.Row, Col: c.pos["registration_number"], Column: "registration_number", Key: "import.error.registration_taken"})
		}
	}
	var people []person
	for _, o := range res.Orgs {
		people = append(people, person{o.Row, "contact_email", o.ContactEmail})
	}
	for _, e := range res.Evaluators {
		people = append(people, person{e.Row, "email", e.Email})
	}
	return c.emailsTaken(ctx, conn, people)
}

// person is a row's e-mail that gets an account.
type person struct {
	row        int
	col, email string
}

// emailsTaken marks the e-mails that belong to an account already,
// asking for 500 at a time.
func (c *checker) emailsTaken(ctx context.Context, conn db.Conn, people []person) error {
	var norms []string
	for _, p := range people {
		if p.email != "" && auth.ValidEmail(p.email) {
			norms = append(norms, auth.NormEmail(p.email))
		}
	}
	taken := map[string]bool{}
	for len(norms) > 0 {
		chunk := norms[:min(500, len(norms))]
		norms = norms[len(chunk):]
		q, args, err := sqlx.In(`SELECT email_norm FROM users WHERE email_norm IN (?)`, chunk)
		if err != nil {
			return fmt.Errorf("import check: %w", err)
		}
		var found []string
		if err := db.Select(ctx, conn, &found, q, args...); err != nil {
			return fmt.Errorf("import check: %w", err)
		}
		for _, f := range found {
			taken[f] = true
		}
	}
	for _, p := range people {
		if p.email != "" && taken[auth.NormEmail(p.email)] {
			c.probs = append(c.probs, Problem{Row: p.row, Col: c.pos[p.col], Column: p.col, Key: "import.error.email_taken"})
		}
	}
	return nil
}

func notFound() error { return apperr.New(apperr.NotFound, "error.not_found") }
