package loadtest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// loginParallel bounds concurrent sign-ins: each costs the server an
// argon2id hash (19 MiB), which is not what the run measures.
const loginParallel = 4

// maxRetryWait bounds how long a virtual user obeys a Retry-After.
const maxRetryWait = 30 * time.Second

// Run signs every virtual user in, then requests pages of the mix until
// cfg.Requests have been sent or cfg.Duration has passed, and reports.
// It sends nothing unless the target is a loopback address.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Mix == nil {
		cfg.Mix = DefaultMix
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	base, err := parseTarget(ctx, cfg.URL, cfg.Resolver)
	if err != nil {
		return nil, err
	}
	client := newClient(cfg)
	defer client.CloseIdleConnections()

	rep := &Report{URL: base.String(), VirtualUsers: cfg.Concurrency,
		Accounts: min(len(cfg.Users), cfg.Concurrency), Think: cfg.Think}
	cookies, login, err := signIn(ctx, client, base, cfg)
	rep.Login = login
	if err != nil {
		return rep, err
	}

	stop, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var sent atomic.Int64
	stats := make([]*recorder, cfg.Concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range cfg.Concurrency {
		stats[i] = newRecorder()
		w := worker{client: client, base: base, cookie: cookies[i], mix: cfg.Mix, rec: stats[i],
			rng: rand.New(rand.NewPCG(uint64(i)+1, 0x5eed)), sent: &sent, limit: int64(cfg.Requests), think: cfg.Think}
		wg.Go(func() { w.run(ctx, stop) })
	}
	wg.Wait()
	rep.Elapsed = time.Since(start)
	switch {
	case ctx.Err() != nil:
		rep.StoppedBy = "interrupted"
	case sent.Load() >= int64(cfg.Requests):
		rep.StoppedBy = "request count"
	default:
		rep.StoppedBy = "duration"
	}
	rep.summarise(cfg.Mix, stats)
	return rep, nil
}

// newClient makes a client that dials loopback addresses only, ignores
// proxy settings, follows no redirect and keeps one connection per user.
func newClient(cfg Config) *http.Client {
	d := &net.Dialer{Timeout: cfg.Timeout, Control: loopbackOnly}
	t := &http.Transport{
		Proxy:               nil,
		DialContext:         d.DialContext,
		MaxIdleConns:        cfg.Concurrency + loginParallel,
		MaxIdleConnsPerHost: cfg.Concurrency + loginParallel,
		IdleConnTimeout:     time.Minute,
		TLSHandshakeTimeout: cfg.Timeout,
	}
	return &http.Client{
		Transport:     t,
		Timeout:       cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// signIn logs each virtual user in through the form and returns the session
// cookies. Any failed sign-in stops the run: a partial set of users would
// measure a different load than the one asked for.
func signIn(ctx context.Context, c *http.Client, base *url.URL, cfg Config) ([]*http.Cookie, Stats, error) {
	cookies := make([]*http.Cookie, cfg.Concurrency)
	lat := make([]time.Duration, cfg.Concurrency)
	errs := make([]error, cfg.Concurrency)
	sem := make(chan struct{}, loginParallel)
	var wg sync.WaitGroup
	for i := range cfg.Concurrency {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			email := cfg.Users[i%len(cfg.Users)]
			start := time.Now()
			cookies[i], errs[i] = login(ctx, c, base, email, cfg.Password)
			lat[i] = time.Since(start)
		})
	}
	wg.Wait()
	st := statsOf("POST /login", lat, 0)
	var first error
	for _, err := range errs {
		if err != nil {
			st.Errors++
			first = cmp.Or(first, err)
		}
	}
	if st.Errors > 1 {
		first = fmt.Errorf("%w (and %d more failed sign-ins)", first, st.Errors-1)
	}
	return cookies, st, first
}

// login posts the form and expects a 303 with the session cookie.
func login(ctx context.Context, c *http.Client, base *url.URL, email, password string) (*http.Cookie, error) {
	form := url.Values{"email": {email}, "password": {password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base.JoinPath("/login").String(), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("sign in as %s: %w", email, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusSeeOther {
		msg := fmt.Sprintf("sign in as %s: status %d, want 303", email, resp.StatusCode)
		if ra := resp.Header.Get("Retry-After"); ra != "" {
			msg += " (Retry-After: " + ra + " s)"
		}
		return nil, errors.New(msg)
	}
	for _, ck := range resp.Cookies() {
		if strings.HasSuffix(ck.Name, "portal_session") && ck.Value != "" {
			return &http.Cookie{Name: ck.Name, Value: ck.Value}, nil
		}
	}
	return nil, fmt.Errorf("sign in as %s: no portal_session cookie in the 303", email)
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && n > 0 {
		return min(time.Duration(n)*time.Second, maxRetryWait)
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return min(t.Sub(now), maxRetryWait)
	}
	return 0
}
