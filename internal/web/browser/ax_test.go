package browser

import (
	"encoding/json"
	"strings"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"
)

// axInfo is what assistive technology is told about an element.
type axInfo struct {
	Role, Name, Description string
	Invalid, Focused        bool
}

// axNode reads the element's node of Chromium's accessibility tree.
func (b *tab) axNode(css string) axInfo {
	b.t.Helper()
	ids := run(b, "find "+css, chromedp.QueryNodeIDs(chromedp.CSS(css)))
	res := call(b, "accessibility node of "+css, accessibility.GetPartialAXTree,
		accessibility.GetPartialAXTreeParams{NodeID: ids[0], FetchRelatives: new(false)})
	if len(res.Nodes) == 0 {
		b.t.Fatalf("%s: %s has no accessibility node", b.path(), css)
	}
	n := res.Nodes[0]
	info := axInfo{Role: axString(n.Role), Name: axString(n.Name), Description: axString(n.Description)}
	for _, p := range n.Properties {
		switch v := axString(p.Value); p.Name {
		case accessibility.PropertyNameInvalid:
			info.Invalid = v != "" && v != "false"
		case accessibility.PropertyNameFocused:
			info.Focused = v == "true"
		}
	}
	return info
}

// axString is the value of v as text ("" when absent).
func axString(v *accessibility.Value) string {
	if v == nil || len(v.Value) == 0 {
		return ""
	}
	var s string
	if err := json.Unmarshal(v.Value, &s); err == nil {
		return s
	}
	return string(v.Value)
}

// squash collapses runs of white space, for comparing rendered text.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }
