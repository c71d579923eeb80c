package importer

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/org"
)

// The done-when of issue 12: 50 organisations from a workbook, each with
// its profile, an invitation to its contact person queued in the
// contact's language, audited one by one and once for the import.
func TestImportFiftyOrganisationsFromAWorkbook(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, by := newStore(t, d), officer(t, d)
		res, err := s.Upload(ctx, by, Organisations, "../../lista.xlsx", workbook(t, orgRows(50)), i18n.EN)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Clean() || res.Rows != 50 || res.FileID == 0 || res.FileName != "lista.xlsx" {
			t.Fatalf("check: clean %v, rows %d, file %d %q, problems %s", res.Clean(), res.Rows, res.FileID, res.FileName, problemsText(res.Problems))
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM organisations`); n != 0 {
			t.Fatalf("the check created %d organisations", n)
		}
		res, err = s.Import(ctx, by, Organisations, res.FileID, i18n.EN, testMail)
		if err != nil || !res.Clean() || len(res.Orgs) != 50 {
			t.Fatalf("import: %v, problems %s, %d orgs", err, problemsText(res.Problems), len(res.Orgs))
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM organisations o JOIN organisation_profiles p ON p.org_id = o.id
			WHERE o.kind = 'ngo' AND p.municipality = 'XK-PRISHTINE' AND p.iban LIKE 'XK%'`); n != 50 {
			t.Errorf("%d organisations with their profile, want 50", n)
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM organisation_invitations WHERE lang = 'sq' AND invited_by = ?`, by); n != 50 {
			t.Errorf("%d invitations, want 50", n)
		}
		msgs, err := notify.Pending(ctx, d, "contact7@org.example")
		if err != nil || len(msgs) != 1 || msgs[0].Subject != "Invitation OJQ Shpresa 7 sq" || !strings.Contains(msgs[0].Body, "Contact 7 token=") {
			t.Fatalf("invitation of row 8: %v %+v", err, msgs)
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.import'`); n != 50 {
			t.Errorf("%d organisation.import audit rows, want 50", n)
		}
		var payload string
		if err := db.Get(ctx, d, &payload, `SELECT payload FROM audit_log WHERE action = 'import.organisations'`); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(payload, `"created":50`) || !strings.Contains(payload, `"rows":50`) {
			t.Errorf("import audit payload %s", payload)
		}
		// The invitation link is the organisation's own: accepting it
		// makes the contact person a member.
		token := msgs[0].Body[strings.Index(msgs[0].Body, "token=")+6:]
		os := &org.Store{DB: d, Now: func() time.Time { return fixedNow }}
		if _, err := os.Accept(ctx, token, "Contact 7", "a long enough password"); err != nil {
			t.Errorf("accept the imported invitation: %v", err)
		}
		// The file is used up.
		if _, err := s.Import(ctx, by, Organisations, res.FileID, i18n.EN, testMail); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("second import of the same file: %v, want not found", err)
		}
	})
}

// A file with bad rows imports nothing and names each problem by row and
// column (as the spreadsheet numbers them).
func TestBadRowsImportNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, by := newStore(t, d), officer(t, d)
		rows := orgRows(6)
		rows[1][4] = "XK05 1212 0123 4567 8907" // wrong check digits
		rows[2][3] = "Atlantis"                 // no such municipality
		rows[3][6] = "not-an-email"             // malformed e-mail
		rows[4][0] = ""                         // missing required name
		rows[5][1] = "company"                  // not a kind of the portal
		rows[6][7] = "de"                       // no such language
		res, err := s.Upload(ctx, by, Organisations, "bad.xlsx", workbook(t, rows), i18n.SQ)
		if err != nil {
			t.Fatal(err)
		}
		want := []Problem{{2, 5, "iban", "org.error.iban_checksum", nil}, {3, 4, "municipality", "import.error.municipality", nil},
			{4, 7, "contact_email", "import.error.email", nil}, {5, 1, "name", "import.error.required", nil},
			{6, 2, "kind", "import.error.kind", nil}, {7, 8, "contact_lang", "import.error.lang", nil}}
		if res.Clean() || problemsText(res.Problems) != problemsText(want) {
			t.Fatalf("problems\n got %s\nwant %s", problemsText(res.Problems), problemsText(want))
		}
		if res.FileID != 0 || countRows(t, d, `SELECT COUNT(*) FROM import_files`) != 0 {
			t.Error("a file with problems was kept for import")
		}
		for _, table := range []string{"organisations", "organisation_invitations", "outbox", "audit_log"} {
			if n := countRows(t, d, `SELECT COUNT(*) FROM `+table); n != 0 {
				t.Errorf("%s has %d rows after a refused file", table, n)
			}
		}
		// Every message exists in every language.
		cat := testCat(t)
		for _, p := range res.Problems {
			for _, l := range i18n.Langs {
				if msg := cat.T(l, p.Key); msg == "" || strings.HasPrefix(msg, "[") {
					t.Errorf("%s in %s: %q", p.Key, l, msg)
				}
			}
		}
	})
}

// Duplicates in the file name the first row; registration numbers and
// e-mails already in the database are refused too; headers unknown or
// missing are reported on the header row.
func TestDuplicatesInFileAndDatabase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, by := newStore(t, d), officer(t, d)
		rows := orgRows(4)
		rows[3][2] = " " + strings.ToLower(rows[1][2]) + " " // same registration number as row 2
		rows[4][6] = strings.ToUpper(rows[2][6])             // same e-mail as row 3
		// Row 2's registration number and row 3's contact are already in the portal.
		first, _ := s.Upload(ctx, by, Organisations, "first.csv", csvOf(",", [][]string{orgHeader, orgRow(1)}), i18n.EN)
		if _, err := s.Import(ctx, by, Organisations, first.FileID, i18n.EN, testMail); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.InsertUser(ctx, d, auth.NewUser{Email: "Contact2@org.example", Name: "C", Role: auth.Applicant, Lang: "sq"}, "x", fixedNow); err != nil {
			t.Fatal(err)
		}
		res, err := s.Upload(ctx, by, Organisations, "dups.xlsx", workbook(t, rows), i18n.EN)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []struct {
			row      int
			col, key string
		}{
			{2, "registration_number", "import.error.registration_taken"},
			{3, "contact_email", "import.error.email_taken"},
			{4, "registration_number", "import.error.duplicate_in_file"},
			{5, "contact_email", "import.error.duplicate_in_file"},
		} {
			if !hasProblem(res.Problems, w.row, w.col, w.key) {
				t.Errorf("no %s on row %d %s: %s", w.key, w.row, w.col, problemsText(res.Problems))
			}
		}
		for _, p := range res.Problems {
			if p.Key == "import.error.duplicate_in_file" && (len(p.Args) != 2 || p.Args[1] != p.Row-2) {
				t.Errorf("duplicate on row %d names row %v, want %d", p.Row, p.Args, p.Row-2)
			}
		}
		// Headers: an unknown one and a missing required one.
		res, err = s.Upload(ctx, by, Organisations, "h.csv", csvOf(",", [][]string{{"Name", "Colour"}, {"A", "red"}}), i18n.EN)
		if err != nil {
			t.Fatal(err)
		}
		if !hasProblem(res.Problems, 1, "", "import.error.unknown_column") || !hasProblem(res.Problems, 1, "municipality", "import.error.missing_column") {
			t.Errorf("header problems: %s", problemsText(res.Problems))
		}
	})
}

// Evaluators get an account without a password and a link, valid for a
// week, that sets one; the link is the password-reset page's.
func TestEvaluatorsImportAndSetPassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, by := newStore(t, d), officer(t, d)
		file := csvOf(";", [][]string{{"Emri", "E-mail", "Gjuha"}, {"Vesna Petrović", "vesna@eval.example", "Srpski"},
			{"John Smith", "john@eval.example", ""}})
		res, err := s.Upload(ctx, by, Evaluators, "v.csv", file, i18n.EN)
		if err != nil || !res.Clean() {
			t.Fatalf("check: %v %s", err, problemsText(res.Problems))
		}
		if res, err = s.Import(ctx, by, Evaluators, res.FileID, i18n.EN, testMail); err != nil || len(res.Evaluators) != 2 {
			t.Fatalf("import: %v %+v", err, res)
		}
		as := auth.NewStore(d)
		for email, lang := range map[string]string{"vesna@eval.example": "sr", "john@eval.example": "en"} {
			u, err := as.UserByEmail(ctx, email)
			if err != nil || u.Role != auth.Evaluator || u.Lang != lang {
				t.Fatalf("%s: %v %+v", email, err, u)
			}
			if _, err := as.Authenticate(ctx, email, ""); err == nil {
				t.Errorf("%s signs in without a password", email)
			}
			msgs, _ := notify.Pending(ctx, d, email)
			if len(msgs) != 1 || msgs[0].Subject != "Evaluator "+lang {
				t.Fatalf("mail to %s: %+v", email, msgs)
			}
		}
		msgs, _ := notify.Pending(ctx, d, "vesna@eval.example")
		token := msgs[0].Body[strings.Index(msgs[0].Body, "token=")+6:]
		as.Now = func() time.Time { return fixedNow.Add(6 * 24 * time.Hour) } // still good after six days
		if err := as.ResetPassword(ctx, token, "a new password of Vesna"); err != nil {
			t.Fatalf("set the password through the link: %v", err)
		}
		if _, err := as.Authenticate(ctx, "vesna@eval.example", "a new password of Vesna"); err != nil {
			t.Errorf("sign in with the chosen password: %v", err)
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM audit_log WHERE action = 'user.create'`); n != 2 {
			t.Errorf("%d user.create audit rows, want 2", n)
		}
	})
}

// A re-check inside the transaction guards uniqueness against concurrent
// imports: 50 officers' checks of the same row, all clean, confirmed at
// once: exactly one imports, the others get the row's problem and import
// nothing.
func TestConcurrentImportsOfOneRow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, by := newStore(t, d), officer(t, d)
		const n = 50
		file := workbook(t, [][]string{orgHeader, orgRow(1)})
		ids := make([]int64, n)
		for i := range ids {
			res, err := s.Upload(ctx, by, Organisations, "same.xlsx", file, i18n.EN)
			if err != nil || !res.Clean() {
				t.Fatalf("check %d: %v %s", i, err, problemsText(res.Problems))
			}
			ids[i] = res.FileID
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		start := make(chan struct{})
		imported, refused := 0, 0
		for _, id := range ids {
			wg.Go(func() {
				<-start
				res, err := s.Import(ctx, by, Organisations, id, i18n.EN, testMail)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					t.Errorf("import: %v", err)
				case res.Clean():
					imported++
				case hasProblem(res.Problems, 2, "registration_number", "import.error.registration_taken"):
					refused++
				default:
					t.Errorf("unexpected problems %s", problemsText(res.Problems))
				}
			})
		}
		close(start)
		wg.Wait()
		if imported != 1 || refused != n-1 {
			t.Errorf("%d imported, %d refused; want 1 and %d", imported, refused, n-1)
		}
		if c := countRows(t, d, `SELECT COUNT(*) FROM organisations`); c != 1 {
			t.Errorf("%d organisations, want 1", c)
		}
		if c := countRows(t, d, `SELECT COUNT(*) FROM outbox`); c != 1 {
			t.Errorf("%d invitations queued, want 1", c)
		}
	})
}

// What the check inside the transaction cannot see (an account created
// between that check and the insert, outside any import) the unique
// e-mail index catches: the row's problem, the transaction rolled back.
func TestUniqueIndexBecomesARowProblem(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		by := officer(t, d)
		res := Result{Kind: Evaluators, Rows: 2, Evaluators: []Evaluator{{Row: 2, Name: "A", Email: "a@eval.example", Lang: "sq"},
			{Row: 3, Name: "B", Email: "OFFICER@test.example", Lang: "en"}}}
		err := d.Tx(ctx, func(tx *sqlx.Tx) error {
			return writer{tx: tx, by: by, now: fixedNow, hash: "x", mail: testMail}.all(ctx, &res)
		})
		if !errors.Is(err, errDirty) || !hasProblem(res.Problems, 3, "email", "import.error.email_taken") {
			t.Fatalf("err %v, problems %s", err, problemsText(res.Problems))
		}
		if n := countRows(t, d, `SELECT COUNT(*) FROM users`); n != 1 {
			t.Errorf("%d users after the rollback, want the officer alone", n)
		}
	})
}
