package web

import (
	"encoding/json"
	"regexp"
	"testing"
)

// Generated clients name their methods after operationId: every operation
// needs one, unique and usable as an identifier; the document names its
// licence.
func TestOpenAPIOperationIDs(t *testing.T) {
	b, err := buildOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Info struct {
			License struct {
				Name, Identifier, URL string
			} `json:"license"`
		} `json:"info"`
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Info.License.Name == "" || doc.Info.License.Identifier != "EUPL-1.2" {
		t.Errorf("info.license = %+v, want a name and the identifier EUPL-1.2 of LICENSE", doc.Info.License)
	}
	ident := regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)
	seen := map[string]string{}
	operations := 0
	for path, ops := range doc.Paths {
		for method, raw := range ops {
			switch method {
			case "get", "put", "post", "delete", "patch", "head", "options", "trace":
			default:
				continue
			}
			operations++
			var op struct {
				OperationID string `json:"operationId"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			where := method + " " + path
			switch prev, dup := seen[op.OperationID]; {
			case op.OperationID == "":
				t.Errorf("%s has no operationId", where)
			case !ident.MatchString(op.OperationID):
				t.Errorf("%s: operationId %q is not a lowerCamelCase identifier", where, op.OperationID)
			case dup:
				t.Errorf("operationId %q used by %s and %s", op.OperationID, prev, where)
			}
			seen[op.OperationID] = where
		}
	}
	if operations < 30 {
		t.Errorf("%d operations found, the document has more: is the walk broken?", operations)
	}
}
