package loadtest

import (
	"reflect"
	"testing"
	"time"
)

func TestParseMix(t *testing.T) {
	got, err := ParseMix(" /home=3, /healthz ,/api/v1/me=2,")
	want := []Page{{"/home", 3}, {"/healthz", 1}, {"/api/v1/me", 2}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ParseMix = %v, %v; want %v", got, err, want)
	}
	for _, bad := range []string{"", "home=1", "//evil.example/x=1", "http://10.0.0.1/=1", "/home=0", "/home=x"} {
		if _, err := ParseMix(bad); err == nil {
			t.Errorf("ParseMix(%q) accepted", bad)
		}
	}
}

func TestValidate(t *testing.T) {
	good := Config{Users: []string{"a@x"}, Password: "p", Concurrency: 1, Duration: time.Second, Requests: 1}
	if err := good.validate(); err != nil {
		t.Fatalf("good config: %v", err)
	}
	for name, mod := range map[string]func(*Config){
		"no users":       func(c *Config) { c.Users = nil },
		"no password":    func(c *Config) { c.Password = "" },
		"no concurrency": func(c *Config) { c.Concurrency = 0 },
		"huge":           func(c *Config) { c.Concurrency = MaxConcurrency + 1 },
		"no duration":    func(c *Config) { c.Duration = 0 },
		"too long":       func(c *Config) { c.Duration = MaxDuration + time.Second },
		"no requests":    func(c *Config) { c.Requests = 0 },
		"negative think": func(c *Config) { c.Think = -time.Second },
		"long think":     func(c *Config) { c.Think = 2 * time.Minute },
		"bad mix":        func(c *Config) { c.Mix = []Page{{"//x.example/", 1}} },
	} {
		c := good
		mod(&c)
		if c.validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"": 0, "0": 0, "-3": 0, "x": 0, "2": 2 * time.Second, "3600": maxRetryWait,
		"Mon, 02 Mar 2026 09:00:05 GMT": 5 * time.Second, "Mon, 02 Mar 2026 08:00:00 GMT": 0,
	}
	for h, want := range tests {
		if got := retryAfter(h, now); got != want {
			t.Errorf("retryAfter(%q) = %s, want %s", h, got, want)
		}
	}
}

func TestStatsOf(t *testing.T) {
	var lat []time.Duration
	for i := 100; i >= 1; i-- {
		lat = append(lat, time.Duration(i)*time.Millisecond)
	}
	s := statsOf("/x", lat, 2)
	want := Stats{Path: "/x", Count: 100, Errors: 2, P50: 50 * time.Millisecond, P95: 95 * time.Millisecond,
		P99: 99 * time.Millisecond, Max: 100 * time.Millisecond}
	if s != want {
		t.Errorf("statsOf = %+v, want %+v", s, want)
	}
	if got := statsOf("/none", nil, 0); got.Count != 0 || got.Max != 0 {
		t.Errorf("empty = %+v", got)
	}
	if got := statsOf("/one", []time.Duration{7}, 0); got.P50 != 7 || got.P99 != 7 {
		t.Errorf("one sample = %+v", got)
	}
}
