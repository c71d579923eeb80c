package importer

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
)

func benchEach(b *testing.B, fn func(b *testing.B, d *db.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, dbtest.SQLite(b)) })
	if os.Getenv("TEST_DATABASE_URL") != "" {
		b.Run("postgres", func(b *testing.B) { fn(b, dbtest.Postgres(b)) })
	}
}

// rowsFrom are n clean organisation rows numbered from first.
func rowsFrom(first, n int) [][]string {
	rows := [][]string{orgHeader}
	for i := first; i < first+n; i++ {
		rows = append(rows, orgRow(i))
	}
	return rows
}

// A check of a full file: 1,000 organisations read from a workbook and
// checked row by row and against the database (nothing kept: a clean
// file is kept, so each iteration's check is measured through Check).
func BenchmarkCheck1000Organisations(b *testing.B) {
	benchEach(b, func(b *testing.B, d *db.DB) {
		s := newStore(b, d)
		file := workbook(b, rowsFrom(1, MaxRows))
		b.ReportAllocs()
		for b.Loop() {
			res, err := s.Check(context.Background(), d, Organisations, file, i18n.EN)
			if err != nil || !res.Clean() {
				b.Fatalf("%v %s", err, problemsText(res.Problems))
			}
		}
	})
}

// An import of 1,000 organisations with their profiles, invitations,
// mails and audit rows, in one transaction, after its check.
func BenchmarkImport1000Organisations(b *testing.B) {
	benchEach(b, func(b *testing.B, d *db.DB) {
		s, by := newStore(b, d), officer(b, d)
		ctx := context.Background()
		i := 0
		for b.Loop() {
			b.StopTimer()
			res, err := s.Upload(ctx, by, Organisations, "b.xlsx", workbook(b, rowsFrom(1+i*MaxRows, MaxRows)), i18n.EN)
			if err != nil || !res.Clean() {
				b.Fatalf("%v %s", err, problemsText(res.Problems))
			}
			i++
			b.StartTimer()
			if res, err = s.Import(ctx, by, Organisations, res.FileID, i18n.EN, testMail); err != nil || !res.Clean() {
				b.Fatal(fmt.Sprint(err, problemsText(res.Problems)))
			}
		}
	})
}
