package payment

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/subgrant/portal/internal/apperr"
)

// MaxImportLines bounds one import of rates.
const MaxImportLines = 500

// ImportError is a refused import: the first bad line (1-based) and what
// is wrong with it.
type ImportError struct {
	Line int
	Key  string
}

func (e *ImportError) Error() string {
	return "rates import: line " + strconv.Itoa(e.Line) + ": " + e.Key
}

// ImportRates records the rates of a CSV text (month,from,to,rate per line,
// an optional header line starting with "month"), all or none.
func (s *Store) ImportRates(ctx context.Context, a Actor, text string) (int, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var rates []Rate
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil || len(rec) != 4 {
			return 0, &ImportError{Line: line, Key: "payments.error.csv_columns"}
		}
		if line == 1 && strings.EqualFold(strings.TrimSpace(rec[0]), "month") {
			continue
		}
		rate, err := checkRate(RateInput{Month: rec[0], From: rec[1], To: rec[2], Rate: rec[3], Source: "import"})
		if err != nil {
			for _, f := range []string{"month", "from_currency", "to_currency", "rate"} {
				if k := apperr.As(err).Fields[f]; k != "" {
					return 0, &ImportError{Line: line, Key: k}
				}
			}
			return 0, &ImportError{Line: line, Key: "payments.error.csv_columns"}
		}
		if len(rates) == MaxImportLines {
			return 0, &ImportError{Line: line, Key: "payments.error.csv_too_long"}
		}
		rates = append(rates, rate)
	}
	if len(rates) == 0 {
		return 0, &ImportError{Line: 1, Key: "payments.error.csv_empty"}
	}
	err := s.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		for i := range rates {
			if err := s.putRate(ctx, tx, a, &rates[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return len(rates), err
}
