package loadtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"syscall"
)

// ErrNotLoopback is returned for any target outside 127.0.0.0/8 and ::1:
// the load test may only ever hit this machine.
var ErrNotLoopback = errors.New("the load test only targets this machine (127.0.0.0/8 or ::1)")

// Resolver looks up a host name; *net.Resolver is one.
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// parseTarget checks that raw is a plain http(s) base URL whose host is,
// or resolves only to, loopback addresses. Nothing is sent to the host.
func parseTarget(ctx context.Context, raw string, r Resolver) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("--url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("--url %q: the scheme must be http or https", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return nil, fmt.Errorf("--url %q: give only scheme, host and port, such as http://127.0.0.1:8080", raw)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("--url %q: no host", raw)
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if !isLoopback(ip) {
			return nil, fmt.Errorf("--url %q: %w", raw, ErrNotLoopback)
		}
		return u, nil
	}
	if r == nil {
		r = net.DefaultResolver
	}
	addrs, err := r.LookupIPAddr(ctx, host)
	if err != nil {
		return nil, fmt.Errorf("--url %q: %w (%v)", raw, ErrNotLoopback, err)
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("--url %q: %w (no address)", raw, ErrNotLoopback)
	}
	for _, a := range addrs {
		ip, ok := netip.AddrFromSlice(a.IP)
		if !ok || a.Zone != "" || !isLoopback(ip) {
			return nil, fmt.Errorf("--url %q: %s resolves to %s: %w", raw, host, a.IP, ErrNotLoopback)
		}
	}
	return u, nil
}

// isLoopback is true for 127.0.0.0/8 (also written as ::ffff:127.x.y.z) and ::1.
func isLoopback(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLoopback()
}

// loopbackOnly is a net.Dialer Control function: it runs after the socket
// is made and before it connects, and refuses any non-loopback peer, so a
// name that resolves differently at dial time still reaches nothing else.
func loopbackOnly(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil || !isLoopback(ap.Addr()) {
		return fmt.Errorf("dial %s: %w", address, ErrNotLoopback)
	}
	return nil
}
