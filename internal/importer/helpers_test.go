package importer

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/org"
)

var fixedNow = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

var loadCat = sync.OnceValues(i18n.Load)

func testCat(t testing.TB) *i18n.Catalogue {
	t.Helper()
	cat, err := loadCat()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func newStore(t testing.TB, d *db.DB) *Store {
	return &Store{DB: d, Cat: testCat(t), Now: func() time.Time { return fixedNow }}
}

// officer creates the importing user.
func officer(t testing.TB, d *db.DB) int64 {
	t.Helper()
	id, err := auth.InsertUser(context.Background(), d, auth.NewUser{Email: "officer@test.example", Name: "Officer Ema",
		Role: auth.ProgramOfficer, Lang: "en"}, "x", fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// testMail writes recognisable invitations: the token in the body.
var testMail = Mail{
	Org: func(token string, inv org.Invitation, name string) notify.Message {
		return notify.Message{To: inv.Email, Subject: "Invitation " + inv.OrgName + " " + inv.Lang, Body: name + " token=" + token}
	},
	Evaluator: func(token string, e Evaluator) notify.Message {
		return notify.Message{To: e.Email, Subject: "Evaluator " + e.Lang, Body: e.Name + " token=" + token}
	},
}

// iban is a valid Kosovo IBAN for n.
func iban(n int) string {
	bban := fmt.Sprintf("1212%012d", n)
	return "XK" + org.IBANCheckDigits("XK", bban) + bban
}

var orgHeader = []string{"Name", "Kind", "Registration number", "Municipality", "IBAN", "Contact person", "Contact person's e-mail", "Contact person's language"}

// orgRow is a clean row of organisation n.
func orgRow(n int) []string {
	return []string{fmt.Sprintf("OJQ Shpresa %d", n), "ngo", fmt.Sprintf("5%07d", 400000+n), "Prishtinë", iban(n),
		fmt.Sprintf("Contact %d", n), fmt.Sprintf("contact%d@org.example", n), "sq"}
}

// workbook writes rows (the first the header) into a new workbook's first sheet.
func workbook(t testing.TB, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellStr("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func csvOf(sep string, rows [][]string) []byte {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, sep) + "\r\n")
	}
	return []byte(b.String())
}

func orgRows(n int) [][]string {
	rows := [][]string{orgHeader}
	for i := 1; i <= n; i++ {
		rows = append(rows, orgRow(i))
	}
	return rows
}

func countRows(t testing.TB, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Get(context.Background(), d, &n, q, args...); err != nil {
		t.Fatal(err)
	}
	return n
}

// problemsText lists problems as "row/col/column/key" for messages.
func problemsText(ps []Problem) string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%d/%d/%s/%s", p.Row, p.Col, p.Column, p.Key))
	}
	return strings.Join(out, " ")
}

func hasProblem(ps []Problem, row int, column, key string) bool {
	for _, p := range ps {
		if p.Row == row && p.Column == column && p.Key == key {
			return true
		}
	}
	return false
}
