package payment

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/audit"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/money"
)

// Rate is a monthly exchange rate: 1 From = Micros / 1,000,000 To.
type Rate struct {
	ID     int64     `db:"id"`
	From   string    `db:"from_currency"`
	To     string    `db:"to_currency"`
	Month  string    `db:"month"` // YYYY-MM
	Micros int64     `db:"rate_micros"`
	Source string    `db:"source"`
	At     time.Time `db:"entered_at"`
}

// MaxRateMicros bounds a rate (a million units of one currency per unit
// of another is already far beyond any real pair).
const MaxRateMicros = 1_000_000 * 1_000_000

// ParseRate reads a rate typed as a decimal with at most six decimals
// ("98.3500", "0,0102"): no letters, signs, exponents or zero.
func ParseRate(s string) (int64, error) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	if whole == "" && frac == "" || len(frac) > 6 || len(whole) > 7 || !digits(whole) || !digits(frac) {
		return 0, errors.New("payment: rate is not a decimal with at most six decimals")
	}
	var v int64
	for _, c := range whole + frac + strings.Repeat("0", 6-len(frac)) {
		v = v*10 + int64(c-'0')
	}
	if v <= 0 || v > MaxRateMicros {
		return 0, errors.New("payment: rate out of range")
	}
	return v, nil
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// FormatRate writes micros back as a decimal with six places.
func FormatRate(micros int64) string {
	return fmt.Sprintf("%d.%06d", micros/1_000_000, micros%1_000_000)
}

// Convert is amount minor units of currency cur in ReportCurrency, rounded
// half up (every allowed currency has two minor digits).
func (r Rate) Convert(amount int64, cur string) (int64, error) {
	a, m, mil := big.NewInt(amount), big.NewInt(r.Micros), big.NewInt(1_000_000)
	var num, den *big.Int
	switch {
	case r.From == cur && r.To == ReportCurrency:
		num, den = new(big.Int).Mul(a, m), mil
	case r.From == ReportCurrency && r.To == cur:
		num, den = new(big.Int).Mul(a, mil), m
	default:
		return 0, fmt.Errorf("payment: rate %s/%s does not convert %s", r.From, r.To, cur)
	}
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(rem, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() || q.Int64() > money.Max {
		return 0, errors.New("payment: converted amount too large")
	}
	return q.Int64(), nil
}

// rateFor is the rate between cur and ReportCurrency for month, in either
// direction; the identity for the report currency itself. No rate for the
// month is a conflict: finance enters it first, so every payment carries
// the rate it was reported at.
func rateFor(ctx context.Context, c db.Conn, cur, month string) (Rate, error) {
	if cur == ReportCurrency {
		return Rate{From: cur, To: cur, Month: month, Micros: 1_000_000}, nil
	}
	var r Rate
	err := db.Get(ctx, c, &r, `SELECT id, from_currency, to_currency, month, rate_micros, source, entered_at
		FROM exchange_rates WHERE month = ? AND ((from_currency = ? AND to_currency = ?) OR (from_currency = ? AND to_currency = ?))
		ORDER BY CASE WHEN from_currency = ? THEN 0 ELSE 1 END LIMIT 1`, month, cur, ReportCurrency, ReportCurrency, cur, cur)
	if apperr.CodeOf(err) == apperr.NotFound {
		return Rate{}, conflict("paid_on", "payments.error.no_rate")
	}
	return r, err
}

// RateInput is a rate as finance types it.
type RateInput struct {
	From, To, Month, Rate, Source string
}

// MaxSourceLen bounds a rate's source, in characters.
const MaxSourceLen = 200

// SetRate records the rate of a pair for a month, replacing an earlier
// one of the same month (a payment keeps the rate it was recorded with).
func (s *Store) SetRate(ctx context.Context, a Actor, in RateInput) (Rate, error) {
	r, err := checkRate(in)
	if err != nil {
		return Rate{}, err
	}
	err = s.DB.Tx(ctx, func(tx *sqlx.Tx) error { return s.putRate(ctx, tx, a, &r) })
	return r, err
}

func checkRate(in RateInput) (Rate, error) {
	fe := apperr.FieldErrors{}
	r := Rate{From: strings.ToUpper(strings.TrimSpace(in.From)), To: strings.ToUpper(strings.TrimSpace(in.To)),
		Month: strings.TrimSpace(in.Month), Source: strings.TrimSpace(in.Source)}
	if !money.IsCurrency(r.From) {
		fe.Add("from_currency", "payments.error.rate_currency")
	}
	if !money.IsCurrency(r.To) || r.To == r.From {
		fe.Add("to_currency", "payments.error.rate_currency")
	}
	if _, err := time.Parse("2006-01", r.Month); err != nil || len(r.Month) != 7 {
		fe.Add("month", "payments.error.month")
	}
	m, err := ParseRate(in.Rate)
	if err != nil {
		fe.Add("rate", "payments.error.rate")
	}
	r.Micros = m
	if utf8.RuneCountInString(r.Source) > MaxSourceLen {
		fe.Add("source", "payments.error.source")
	}
	return r, fe.Err()
}

func (s *Store) putRate(ctx context.Context, tx *sqlx.Tx, a Actor, r *Rate) error {
	r.At = s.now()
	id, err := db.InsertID(ctx, tx, `INSERT INTO exchange_rates (from_currency, to_currency, month, rate_micros, source,
		entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (from_currency, to_currency, month) DO UPDATE SET rate_micros = excluded.rate_micros,
		source = excluded.source, entered_by = excluded.entered_by, entered_at = excluded.entered_at RETURNING id`,
		r.From, r.To, r.Month, r.Micros, r.Source, userRef(a.UserID), r.At)
	if err != nil {
		return fmt.Errorf("exchange rate: %w", err)
	}
	r.ID = id
	return audit.Write(ctx, tx, audit.Entry{Action: "exchange_rate.set", Object: "exchange_rate", ObjectID: id,
		Payload: map[string]any{"from": r.From, "to": r.To, "month": r.Month, "rate_micros": r.Micros, "source": r.Source}})
}

// Rates lists the rates, newest month first.
func (s *Store) Rates(ctx context.Context) ([]Rate, error) {
	out := []Rate{}
	err := db.Select(ctx, s.DB, &out, `SELECT id, from_currency, to_currency, month, rate_micros, source, entered_at
		FROM exchange_rates ORDER BY month DESC, from_currency, to_currency`)
	return out, err
}
