package loadtest

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// errKind classifies an answer.
type errKind int

const (
	kindOK        errKind = iota // 2xx, or 3xx elsewhere than the login page
	kind429                      // too many requests (the worker then obeys Retry-After)
	kind4xx                      // other 4xx
	kind5xx                      // 5xx
	kindSignedOut                // 3xx to /login: the session died
	kindNetwork                  // no answer: refused, reset, timed out
	kindOther                    // 1xx as a final status
	kindStopped                  // cut off by the end of the run: not counted
)

var kindNames = map[errKind]string{kind429: "429 too many requests", kind4xx: "other 4xx", kind5xx: "5xx",
	kindSignedOut: "redirected to /login", kindNetwork: "network or timeout", kindOther: "1xx"}

// recorder holds one worker's samples; workers never share one.
type recorder struct {
	lat    map[string][]time.Duration
	errs   map[string]int
	byKind map[errKind]int
}

func newRecorder() *recorder {
	return &recorder{lat: map[string][]time.Duration{}, errs: map[string]int{}, byKind: map[errKind]int{}}
}

func (r *recorder) add(path string, d time.Duration, k errKind) {
	r.lat[path] = append(r.lat[path], d)
	if k != kindOK {
		r.errs[path]++
		r.byKind[k]++
	}
}

// Stats are the figures of one path, or of all of them. Latency is from
// sending the request to reading the last byte of the body.
type Stats struct {
	Path               string
	Count, Errors      int
	P50, P95, P99, Max time.Duration
}

// Report is the outcome of a run.
type Report struct {
	URL          string
	VirtualUsers int
	Accounts     int
	Think        time.Duration
	Login        Stats // the sign-ins before the measured phase
	Paths        []Stats
	All          Stats
	Errors       map[string]int // by kind, such as "429 too many requests"
	Elapsed      time.Duration  // of the measured phase, with the requests under way at its end
	StoppedBy    string         // "duration", "request count" or "interrupted"
}

// Throughput is answered requests per second over the measured phase.
func (r *Report) Throughput() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.All.Count) / r.Elapsed.Seconds()
}

func (r *Report) summarise(mix []Page, recs []*recorder) {
	r.Errors = map[string]int{}
	var all []time.Duration
	allErrs := 0
	for _, p := range mix {
		if slices.ContainsFunc(r.Paths, func(s Stats) bool { return s.Path == p.Path }) {
			continue
		}
		var lat []time.Duration
		errs := 0
		for _, rec := range recs {
			lat = append(lat, rec.lat[p.Path]...)
			errs += rec.errs[p.Path]
		}
		r.Paths = append(r.Paths, statsOf(p.Path, lat, errs))
		all = append(all, lat...)
		allErrs += errs
	}
	r.All = statsOf("all", all, allErrs)
	for _, rec := range recs {
		for k, n := range rec.byKind {
			r.Errors[kindNames[k]] += n
		}
	}
}

// statsOf computes nearest-rank percentiles; it sorts lat.
func statsOf(path string, lat []time.Duration, errs int) Stats {
	s := Stats{Path: path, Count: len(lat), Errors: errs}
	if len(lat) == 0 {
		return s
	}
	slices.Sort(lat)
	s.P50, s.P95, s.P99 = rank(lat, 50), rank(lat, 95), rank(lat, 99)
	s.Max = lat[len(lat)-1]
	return s
}

func rank(sorted []time.Duration, pct int) time.Duration {
	i := (pct*len(sorted)+99)/100 - 1
	return sorted[max(i, 0)]
}

// Print writes the report as a table.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "target %s, %d virtual users signed in as %d accounts, think time %s\n", r.URL, r.VirtualUsers, r.Accounts, r.Think)
	fmt.Fprintf(w, "measured %.1fs, stopped by %s\n\n", r.Elapsed.Seconds(), r.StoppedBy)
	rows := append([]Stats{r.Login}, append(r.Paths, r.All)...)
	width := len("path")
	for _, s := range rows {
		width = max(width, len(s.Path))
	}
	fmt.Fprintf(w, "%-*s %8s %7s %9s %9s %9s %9s\n", width, "path", "count", "errors", "p50", "p95", "p99", "max")
	for _, s := range rows {
		fmt.Fprintf(w, "%-*s %8d %7d %9s %9s %9s %9s\n", width, s.Path, s.Count, s.Errors, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max))
	}
	fmt.Fprintf(w, "\nthroughput %.1f req/s (%d requests, sign-ins not included)\n", r.Throughput(), r.All.Count)
	if len(r.Errors) == 0 {
		fmt.Fprintln(w, "errors: none")
		return
	}
	var parts []string
	for k, n := range r.Errors {
		parts = append(parts, fmt.Sprintf("%s: %d", k, n))
	}
	slices.Sort(parts)
	fmt.Fprintf(w, "errors: %s\n", strings.Join(parts, ", "))
}

// ms shows a latency in milliseconds with two decimals.
func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }
