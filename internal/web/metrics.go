package web

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// latencyBuckets are the upper bounds, in seconds, of the latency histogram.
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type reqKey struct {
	method, route string
	status        int
}

type histKey struct{ method, route string }

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	n      uint64
}

// metrics counts requests by route and status and keeps latency histograms,
// written out in the Prometheus text format.
type metrics struct {
	mu       sync.Mutex
	requests map[reqKey]uint64
	latency  map[histKey]*histogram
}

func newMetrics() *metrics {
	return &metrics{requests: map[reqKey]uint64{}, latency: map[histKey]*histogram{}}
}

func (m *metrics) observe(method, route string, status int, d time.Duration) {
	secs := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[reqKey{method, route, status}]++
	h := m.latency[histKey{method, route}]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets))}
		m.latency[histKey{method, route}] = h
	}
	for i, b := range latencyBuckets {
		if secs <= b {
			h.counts[i]++
			break
		}
	}
	h.sum += secs
	h.n++
}

func (m *metrics) write(b *strings.Builder) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b.WriteString("# HELP portal_http_requests_total HTTP requests by method, route pattern and status.\n")
	b.WriteString("# TYPE portal_http_requests_total counter\n")
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		if keys[i].method != keys[j].method {
			return keys[i].method < keys[j].method
		}
		return keys[i].status < keys[j].status
	})
	for _, k := range keys {
		fmt.Fprintf(b, "portal_http_requests_total{method=%q,route=%q,status=\"%d\"} %d\n", k.method, k.route, k.status, m.requests[k])
	}
	b.WriteString("# HELP portal_http_request_duration_seconds Latency of HTTP requests by method and route pattern.\n")
	b.WriteString("# TYPE portal_http_request_duration_seconds histogram\n")
	hkeys := make([]histKey, 0, len(m.latency))
	for k := range m.latency {
		hkeys = append(hkeys, k)
	}
	sort.Slice(hkeys, func(i, j int) bool { return hkeys[i].route+hkeys[i].method < hkeys[j].route+hkeys[j].method })
	for _, k := range hkeys {
		h := m.latency[k]
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(b, "portal_http_request_duration_seconds_bucket{method=%q,route=%q,le=\"%g\"} %d\n", k.method, k.route, le, cum)
		}
		fmt.Fprintf(b, "portal_http_request_duration_seconds_bucket{method=%q,route=%q,le=\"+Inf\"} %d\n", k.method, k.route, h.n)
		fmt.Fprintf(b, "portal_http_request_duration_seconds_sum{method=%q,route=%q} %g\n", k.method, k.route, h.sum)
		fmt.Fprintf(b, "portal_http_request_duration_seconds_count{method=%q,route=%q} %d\n", k.method, k.route, h.n)
	}
}

// metricsPage serves /metrics: request figures and the database pool.
func (s *Server) metricsPage(c *gin.Context) {
	var b strings.Builder
	s.metrics.write(&b)
	st := s.db.Stats()
	gauges := []struct {
		name, help string
		v          int64
	}{
		{"portal_db_open_connections", "Open database connections.", int64(st.OpenConnections)},
		{"portal_db_in_use_connections", "Database connections in use.", int64(st.InUse)},
		{"portal_db_idle_connections", "Idle database connections.", int64(st.Idle)},
		{"portal_db_max_open_connections", "Maximum open database connections.", int64(st.MaxOpenConnections)},
	}
	for _, g := range gauges {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n%s{driver=%q} %d\n", g.name, g.help, g.name, g.name, s.db.Driver, g.v)
	}
	fmt.Fprintf(&b, "# HELP portal_db_wait_total Waits for a free database connection.\n# TYPE portal_db_wait_total counter\nportal_db_wait_total{driver=%q} %d\n", s.db.Driver, st.WaitCount)
	fmt.Fprintf(&b, "# HELP portal_db_wait_seconds_total Time spent waiting for a database connection.\n# TYPE portal_db_wait_seconds_total counter\nportal_db_wait_seconds_total{driver=%q} %g\n", s.db.Driver, st.WaitDuration.Seconds())
	c.Data(http.StatusOK, "text/plain; version=0.0.4; charset=utf-8", []byte(b.String()))
}
