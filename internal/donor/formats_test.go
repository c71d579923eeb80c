package donor

import (
	"strings"
	"testing"
)

// Every profile carries report formats; EU's has headings 1-6 with the
// third-party memo line, the PRAG subtotals and the financial columns.
func TestFormatsLoad(t *testing.T) {
	ps, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range ps["eu"].Formats.Financial.Rows {
		codes = append(codes, r.Code())
	}
	if got, want := strings.Join(codes, " "), "1 2 3 4 5 6 6.1 7 8 9 10 11"; got != want {
		t.Errorf("EU rows = %s, want %s", got, want)
	}
	var cols []string
	for _, c := range ps["eu"].Formats.Financial.Columns {
		cols = append(cols, c.Value)
	}
	if got, want := strings.Join(cols, " "), "code label budget period cumulative percent variance explanation"; got != want {
		t.Errorf("EU columns = %s, want %s", got, want)
	}
	if a := ps["unicef"].Formats.AnnexLayout(); a.Columns[2].Value != ColAuthorised || !strings.Contains(a.Title.In("en"), "FACE") {
		t.Errorf("UNICEF annex = %+v, want the FACE form", a.Title)
	}
}

// A broken layout is refused with the reason.
func TestFormatsRefuseBrokenLayouts(t *testing.T) {
	ps, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for name, breakIt := range map[string]func(l *Layout){
		"sum of a later row": func(l *Layout) { l.Rows[0] = Row{Sum: "S", Of: []string{"2"}, Label: l.Title} },
		"unknown column":     func(l *Layout) { l.Columns[0].Value = "colour" },
		"percent alone":      func(l *Layout) { l.Columns = l.Columns[5:6] },
		"missing heading":    func(l *Layout) { l.Rows = l.Rows[1:] },
		"no total":           func(l *Layout) { l.Rows = l.Rows[:len(l.Rows)-1] },
		"missing label":      func(l *Layout) { l.Title = Text{"en": "x"} },
	} {
		p := *ps["eu"]
		l := p.Formats.Financial
		l.Columns = append([]Column(nil), l.Columns...)
		l.Rows = append([]Row(nil), l.Rows...)
		breakIt(&l)
		p.Formats.Financial = l
		if err := p.checkFormats(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
