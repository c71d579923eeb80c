package web

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// windowLimit counts requests per key in fixed windows, in memory: a cap
// on what one client may ask of the public pages and downloads a minute.
// It writes nothing to the database (a GET changes no state), and each
// process counts its own requests.
type windowLimit struct {
	mu     sync.Mutex
	window time.Duration
	start  time.Time
	counts map[string]int
	now    func() time.Time
}

func newWindowLimit(window time.Duration, now func() time.Time) *windowLimit {
	return &windowLimit{window: window, counts: map[string]int{}, now: now}
}

// allow takes one request for key and reports whether it is within limit
// for the current window, with the time until the window ends.
func (l *windowLimit) allow(key string, limit int) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.start) >= l.window || now.Before(l.start) {
		l.start, l.counts = now, map[string]int{}
	}
	l.counts[key]++
	return l.counts[key] <= limit, l.window - now.Sub(l.start)
}

// withinLimit answers 429 with Retry-After and reports false when the
// client (the signed-in user, else the address) has used up limit
// requests of kind in the current window.
func (s *Server) withinLimit(c *gin.Context, kind string, limit int) bool {
	who := "ip:" + c.ClientIP()
	if u := currentUser(c); u != nil {
		who = "user:" + strconv.FormatInt(u.ID, 10) // staff behind one address count apart
	}
	ok, wait := s.limits.allow(kind+":"+who, limit)
	if ok {
		return true
	}
	c.Header("Retry-After", strconv.Itoa(max(1, int(wait/time.Second))))
	s.renderStatusPage(c, http.StatusTooManyRequests, "public.error.too_many_title", "public.error.too_many")
	return false
}
