package loadtest

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// worker is one virtual user: one session, requests one after the other.
type worker struct {
	client *http.Client
	base   *url.URL
	cookie *http.Cookie
	mix    []Page
	rec    *recorder
	rng    *rand.Rand
	sent   *atomic.Int64 // requests started by all workers
	limit  int64
	think  time.Duration
}

// run sends requests until stop ends. A request under way then is let
// finish and counted (cutting it off would drop the slowest samples and
// make the server log cancelled requests); only ctx, an interruption,
// cuts requests off.
func (w *worker) run(ctx, stop context.Context) {
	total := 0
	for _, p := range w.mix {
		total += p.Weight
	}
	for stop.Err() == nil && w.sent.Add(1) <= w.limit {
		path := w.pick(total)
		start := time.Now()
		kind, wait := w.get(ctx, path)
		elapsed := time.Since(start)
		if kind == kindStopped {
			return
		}
		w.rec.add(path, elapsed, kind)
		if !sleep(stop, max(wait, w.think)) {
			return
		}
	}
}

// sleep waits for d, or less when ctx ends first, and reports whether the
// run goes on.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func (w *worker) pick(total int) string {
	n := w.rng.IntN(total)
	for _, p := range w.mix {
		if n < p.Weight {
			return p.Path
		}
		n -= p.Weight
	}
	return w.mix[len(w.mix)-1].Path
}

// get requests one page, reads the whole body and classifies the answer;
// on a 429 it also returns how long the server asked to wait.
func (w *worker) get(ctx context.Context, path string) (errKind, time.Duration) {
	// A path of the mix may carry a query (/search?q=...); JoinPath would
	// escape its "?".
	p, query, _ := strings.Cut(path, "?")
	u := w.base.JoinPath(p)
	u.RawQuery = query
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return kindNetwork, 0
	}
	req.AddCookie(w.cookie)
	resp, err := w.client.Do(req)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return kindStopped, 0
		}
		return kindNetwork, 0
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		if ctx.Err() != nil {
			return kindStopped, 0
		}
		return kindNetwork, 0
	}
	code := resp.StatusCode
	switch {
	case code == http.StatusTooManyRequests:
		return kind429, retryAfter(resp.Header.Get("Retry-After"), time.Now())
	case code >= 500:
		return kind5xx, 0
	case code >= 400:
		return kind4xx, 0
	case code >= 300 && signedOut(resp.Header.Get("Location")):
		return kindSignedOut, 0
	case code >= 200:
		return kindOK, 0
	default:
		return kindOther, 0
	}
}

// signedOut reports whether a redirect sends the user to the login page,
// which means the session died: counted as an error, not as a page served.
func signedOut(location string) bool {
	u, err := url.Parse(location)
	return err == nil && (u.Path == "/login" || strings.HasPrefix(u.Path, "/login/"))
}
