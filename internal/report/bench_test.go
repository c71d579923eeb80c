package report

import (
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/i18n"
)

const benchRows = 100_000

// benchRow is the i-th synthetic ledger row.
func benchRow(i int) LedgerRow {
	return LedgerRow{PaidOn: fmt.Sprintf("2026-%02d-%02d", i%12+1, i%28+1), Contract: fmt.Sprintf("EU-SOC-2026-01/G-%05d", i%500),
		Grantee: "Shoqata për Kujdes Shoqëror " + fmt.Sprint(i%500), Tranche: "Parafinancim", BankRef: fmt.Sprintf("TRX-%08d", i),
		Amount: int64(1_000_000 + i), Currency: "EUR", ReportAmount: int64(1_000_000 + i), ReportCur: "EUR"}
}

// peak samples the heap while fn runs and returns the highest HeapInuse.
func peak(fn func()) uint64 {
	var top atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > top.Load() {
				top.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	return top.Load()
}

// portalLedger writes n rows through the report's writer.
func portalLedger(b testing.TB, cat *i18n.Catalogue, n int) {
	bd := &Build{Request: Request{Lang: i18n.SQ}, deps: Deps{Cat: cat}, now: time.Now().UTC(), Programme: ProgrammeFacts{Title: "Programme"}}
	k, err := bd.newBook("Ledger", donor.Formats{})
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	next := func() (LedgerRow, bool) {
		if i == n {
			return LedgerRow{}, false
		}
		i++
		return benchRow(i), true
	}
	if err := bd.writeLedger(k, n, next); err != nil {
		b.Fatal(err)
	}
	if err := k.write(io.Discard); err != nil {
		b.Fatal(err)
	}
}

// bareLedger writes the same cells with a bare excelize StreamWriter.
func bareLedger(b testing.TB, n int) {
	f := excelize.NewFile()
	defer f.Close()
	mf, df := "#,##0.00", "yyyy-mm-dd"
	money, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &mf})
	date, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &df})
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	_ = sw.SetRow("A1", []any{"Ledger"})
	_ = sw.SetRow("A4", []any{"Paid on", "Contract", "Grantee", "Tranche", "Bank reference", "Amount", "Currency", "Report amount", "Currency"})
	var total int64
	for i := 1; i <= n; i++ {
		r := benchRow(i)
		day, _ := time.Parse(time.DateOnly, r.PaidOn)
		total += r.Amount
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		if err := sw.SetRow(cell, []any{excelize.Cell{StyleID: date, Value: day}, r.Contract, r.Grantee, r.Tranche, r.BankRef,
			excelize.Cell{StyleID: money, Value: float64(r.Amount) / 100}, r.Currency,
			excelize.Cell{StyleID: money, Value: float64(r.ReportAmount) / 100}, r.ReportCur}); err != nil {
			b.Fatal(err)
		}
	}
	cell, _ := excelize.CoordinatesToCellName(1, n+6)
	_ = sw.SetRow(cell, []any{"Total", nil, nil, nil, nil, excelize.Cell{StyleID: money, Formula: fmt.Sprintf("SUM(F5:F%d)", n+4),
		Value: float64(total) / 100}})
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Write(io.Discard); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkLedger100k writes a 100,000-row ledger through the report's
// writer and through a bare StreamWriter writing the same cells, in the
// same run; it reports each one's time and peak heap, and the ratio.
func BenchmarkLedger100k(b *testing.B) {
	cat, err := i18n.Load()
	if err != nil {
		b.Fatal(err)
	}
	var portalNS, bareNS float64
	var portalPeak, barePeak uint64
	for range b.N {
		runtime.GC()
		t0 := time.Now()
		p := peak(func() { portalLedger(b, cat, benchRows) })
		portalNS += float64(time.Since(t0).Nanoseconds())
		portalPeak = max(portalPeak, p)
		runtime.GC()
		t1 := time.Now()
		q := peak(func() { bareLedger(b, benchRows) })
		bareNS += float64(time.Since(t1).Nanoseconds())
		barePeak = max(barePeak, q)
	}
	n := float64(b.N)
	b.ReportMetric(portalNS/n/1e6, "portal-ms/op")
	b.ReportMetric(bareNS/n/1e6, "bare-ms/op")
	b.ReportMetric(portalNS/bareNS, "time-ratio")
	b.ReportMetric(float64(portalPeak)/(1<<20), "portal-peak-MB")
	b.ReportMetric(float64(barePeak)/(1<<20), "bare-peak-MB")
}
