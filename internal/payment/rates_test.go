package payment

import (
	"errors"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func TestParseRate(t *testing.T) {
	for in, want := range map[string]int64{"98.35": 98_350_000, "0,010167": 10_167, "1": 1_000_000, " 117.5 ": 117_500_000, ".5": 500_000} {
		if got, err := ParseRate(in); err != nil || got != want {
			t.Errorf("ParseRate(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "0.000000", "-1", "1e3", "abc", "1.2345678", "NaN", "1.2.3", "+1", "12345678"} {
		if _, err := ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q) accepted", in)
		}
	}
}

func TestConvert(t *testing.T) {
	eurAll := Rate{From: "EUR", To: "ALL", Micros: 98_350_000}
	if got, _ := eurAll.Convert(9_835_000, "ALL"); got != 100_000 {
		t.Errorf("98,350.00 ALL at 98.35 = %d EUR cents, want 100000", got)
	}
	allEur := Rate{From: "ALL", To: "EUR", Micros: 10_167}
	if got, _ := allEur.Convert(100_000, "ALL"); got != 1_017 { // 1,000 ALL × 0.010167 = 10.167 → 10.17
		t.Errorf("1,000.00 ALL at 0.010167 = %d, want 1017", got)
	}
	if _, err := eurAll.Convert(100, "CHF"); err == nil {
		t.Error("a rate of another pair converted")
	}
}

// A rate is refused with a field error per bad value; a payment in a
// currency without the month's rate is refused naming the date; with
// the rate it records the rate and the amount in EUR.
func TestRatesAndPaymentInAnotherCurrency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		fin := staff(w.user("finance_officer"))
		bad := []struct {
			in    RateInput
			field string
		}{
			{RateInput{From: "EUR", To: "ALL", Month: "2026-01", Rate: "0"}, "rate"},
			{RateInput{From: "EUR", To: "ALL", Month: "2026-01", Rate: "-98"}, "rate"},
			{RateInput{From: "EUR", To: "ALL", Month: "2026-01", Rate: "abc"}, "rate"},
			{RateInput{From: "EUR", To: "EUR", Month: "2026-01", Rate: "1"}, "to_currency"},
			{RateInput{From: "XYZ", To: "ALL", Month: "2026-01", Rate: "1"}, "from_currency"},
			{RateInput{From: "EUR", To: "ALL", Month: "2026-13", Rate: "1"}, "month"},
		}
		for _, b := range bad {
			if _, err := w.st.SetRate(ctx, fin, b.in); apperr.As(err).Fields[b.field] == "" {
				t.Errorf("%+v: %v, want an error on %s", b.in, err, b.field)
			}
		}
		w.exec(`UPDATE programmes SET currency = 'ALL', subgrant_budget_minor = 100000000, third_party_cap_minor = 0 WHERE id = ?`, w.progs)
		g, tr := w.grant(w.org(), 10_000_000, 9_835_000)
		w.exec(`UPDATE grants SET currency = 'ALL' WHERE id = ?`, g)
		w.exec(`UPDATE grant_tranches SET status = 'requested' WHERE id = ?`, tr[0])
		id := w.id(`INSERT INTO payment_requests (grant_id, tranche_id, amount_minor, currency, status, idempotency_key, requested_at)
			VALUES (?, ?, 9835000, 'ALL', 'approved', 'all', ?) RETURNING id`, g, tr[0], db.Now())
		in := payIn(9_835_000)
		if _, err := w.st.Pay(ctx, fin, id, in); apperr.As(err).Fields["paid_on"] != "payments.error.no_rate" {
			t.Fatalf("pay without a rate: %v, want no_rate on paid_on", err)
		}
		if n := w.count(`SELECT paid_minor FROM grants WHERE id = ?`, g); n != 0 {
			t.Errorf("refused payment left %d paid", n)
		}
		month := time.Now().UTC().Format("2006-01")
		if _, err := w.st.SetRate(ctx, fin, RateInput{From: "EUR", To: "ALL", Month: month, Rate: "99", Source: "InforEuro"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.st.SetRate(ctx, fin, RateInput{From: "EUR", To: "ALL", Month: month, Rate: "98.35", Source: "InforEuro"}); err != nil {
			t.Fatalf("replacing the month's rate: %v", err)
		}
		if rs, _ := w.st.Rates(ctx); len(rs) != 1 || rs[0].Micros != 98_350_000 {
			t.Errorf("rates %+v, want the one replaced", rs)
		}
		if _, err := w.st.Pay(ctx, fin, id, in); err != nil {
			t.Fatal(err)
		}
		p, err := w.st.PaymentOf(ctx, fin.Scope, id)
		if err != nil || p.RateMicros != 98_350_000 || p.ReportMinor != 100_000 || p.RateCurrency != "EUR" || p.IBAN == "" {
			t.Errorf("payment %+v, %v", p, err)
		}
	})
}

// Bad payment input is refused per field before anything is read.
func TestPayInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		g, _ := w.grant(w.org(), 5000)
		id := w.approved(g, nil, 5000)
		fin := staff(w.user("finance_officer"))
		tomorrow := time.Now().UTC().Add(48 * time.Hour).Format("2006-01-02")
		for _, c := range []struct {
			in    PayInput
			field string
		}{
			{PayInput{PaidOn: "2026-02-30", BankReference: "R", AmountMinor: 5000}, "paid_on"},
			{PayInput{PaidOn: tomorrow, BankReference: "R", AmountMinor: 5000}, "paid_on"},
			{PayInput{PaidOn: "2026-01-02", BankReference: " ", AmountMinor: 5000}, "bank_reference"},
			{PayInput{PaidOn: "2026-01-02", BankReference: "R", AmountMinor: 4999}, "amount_minor"},
			{PayInput{PaidOn: "2026-01-02", BankReference: "R", AmountMinor: -5}, "amount_minor"},
		} {
			if _, err := w.st.Pay(ctx, fin, id, c.in); apperr.As(err).Fields[c.field] == "" {
				t.Errorf("%+v: %v, want an error on %s", c.in, err, c.field)
			}
		}
		w.exec(`UPDATE grants SET iban = '' WHERE id = ?`, g)
		if _, err := w.st.Pay(ctx, fin, id, payIn(5000)); apperr.As(err).Key != "payments.error.no_iban" {
			t.Errorf("no account: %v", err)
		}
		if n := w.count(`SELECT COUNT(*) FROM payments`); n != 0 {
			t.Errorf("%d payments", n)
		}
	})
}

// An import is all or nothing and names the first bad line.
func TestImportRates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		fin := staff(w.user("finance_officer"))
		_, err := w.st.ImportRates(ctx, fin, "month,from,to,rate\n2026-01,EUR,ALL,98.35\n2026-02,EUR,ALL,0\n")
		var ie *ImportError
		if !errors.As(err, &ie) || ie.Line != 3 || ie.Key != "payments.error.rate" {
			t.Fatalf("bad line: %v", err)
		}
		if n := w.count(`SELECT COUNT(*) FROM exchange_rates`); n != 0 {
			t.Errorf("%d rates kept from a refused import", n)
		}
		n, err := w.st.ImportRates(ctx, fin, "2026-01,EUR,ALL,98.35\n2026-02,EUR,CHF,0.94\n")
		if err != nil || n != 2 || w.count(`SELECT COUNT(*) FROM exchange_rates`) != 2 {
			t.Errorf("import: %d, %v", n, err)
		}
	})
}
