package loadtest

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeResolver answers from a table and records what it was asked.
type fakeResolver struct {
	mu    sync.Mutex
	table map[string][]string
	asked []string
}

func (f *fakeResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, host)
	ips, ok := f.table[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var out []net.IPAddr
	for _, s := range ips {
		out = append(out, net.IPAddr{IP: net.ParseIP(s)})
	}
	return out, nil
}

func newFakeResolver() *fakeResolver {
	return &fakeResolver{table: map[string][]string{
		"localhost":     {"127.0.0.1", "::1"},
		"example.com":   {"93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"},
		"mixed.test":    {"127.0.0.1", "10.0.0.1"},
		"loopback.test": {"127.8.9.10"},
	}}
}

func TestParseTarget(t *testing.T) {
	tests := []struct {
		url     string
		ok      bool
		refused bool // fails with ErrNotLoopback (rather than a malformed URL)
	}{
		{"http://127.0.0.1:8080", true, false},
		{"http://127.0.0.1:8080/", true, false},
		{"https://127.255.0.9", true, false},
		{"http://[::1]:8080", true, false},
		{"http://[::ffff:127.0.0.1]:8080", true, false},
		{"http://localhost:8080", true, false},
		{"http://loopback.test", true, false},
		{"http://10.0.0.1", false, true},
		{"http://10.0.0.1:8080", false, true},
		{"http://0.0.0.0:8080", false, true},
		{"http://192.168.1.20:8080", false, true},
		{"http://[::]:8080", false, true},
		{"http://[2001:db8::1]:8080", false, true},
		{"http://example.com", false, true},
		{"http://mixed.test:8080", false, true},
		{"http://unknown.test", false, true},
		{"ftp://127.0.0.1", false, false},
		{"127.0.0.1:8080", false, false},
		{"http://user:pw@127.0.0.1", false, false},
		{"http://127.0.0.1/portal", false, false},
		{"http://127.0.0.1/?q=1", false, false},
		{"http://", false, false},
	}
	for _, tt := range tests {
		_, err := parseTarget(context.Background(), tt.url, newFakeResolver())
		if (err == nil) != tt.ok {
			t.Errorf("parseTarget(%q) err = %v, want ok %v", tt.url, err, tt.ok)
			continue
		}
		if got := errors.Is(err, ErrNotLoopback); got != tt.refused {
			t.Errorf("parseTarget(%q) err = %v, want ErrNotLoopback %v", tt.url, err, tt.refused)
		}
	}
}

// Run refuses a remote target before making a client: it neither dials
// nor waits for a connection timeout.
func TestRunRefusesRemoteTargets(t *testing.T) {
	for _, target := range []string{"http://10.0.0.1", "http://10.0.0.1:8080", "http://example.com", "http://mixed.test"} {
		r := newFakeResolver()
		cfg := Config{URL: target, Users: []string{"a@demo.example"}, Password: "pw", Concurrency: 2,
			Duration: time.Second, Requests: 10, Timeout: 5 * time.Second, Resolver: r}
		start := time.Now()
		rep, err := Run(context.Background(), cfg)
		if !errors.Is(err, ErrNotLoopback) {
			t.Errorf("Run(%s) err = %v, want ErrNotLoopback", target, err)
		}
		if rep != nil {
			t.Errorf("Run(%s) returned a report: %+v", target, rep)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("Run(%s) took %s: it tried to connect", target, d)
		}
		if strings.HasPrefix(target, "http://10.") && len(r.asked) > 0 {
			t.Errorf("Run(%s) looked up %v for an IP literal", target, r.asked)
		}
	}
}

// The dialer refuses non-loopback peers before connecting, so a name that
// resolves differently at dial time still reaches nothing else.
func TestDialerRefusesRemotePeers(t *testing.T) {
	c := newClient(Config{Concurrency: 1, Timeout: 5 * time.Second})
	for _, target := range []string{"http://10.0.0.1:8080/healthz", "http://192.0.2.1/"} {
		start := time.Now()
		resp, err := c.Get(target)
		if err == nil {
			resp.Body.Close()
			t.Fatalf("GET %s succeeded", target)
		}
		if !errors.Is(err, ErrNotLoopback) {
			t.Errorf("GET %s err = %v, want ErrNotLoopback", target, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("GET %s took %s: it tried to connect", target, d)
		}
	}
}

func TestLoopbackOnly(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:80": true, "127.1.2.3:8080": true, "[::1]:443": true,
		"10.0.0.1:80": false, "0.0.0.0:80": false, "[::]:80": false, "[fe80::1]:80": false, "nonsense": false,
	} {
		if err := loopbackOnly("tcp", addr, nil); (err == nil) != ok {
			t.Errorf("loopbackOnly(%s) = %v, want ok %v", addr, err, ok)
		}
	}
}
