package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openAPIFS holds base.json (info, shared components) and one fragment per
// area with its paths and schemas; they are merged into one document.
//
//go:embed openapi/*.json
var openAPIFS embed.FS

type openAPIPart struct {
	Paths      map[string]json.RawMessage `json:"paths"`
	Components map[string]map[string]json.RawMessage
}

// buildOpenAPI merges the fragments; a path or component defined twice is an error.
func buildOpenAPI() ([]byte, error) {
	b, err := fs.ReadFile(openAPIFS, "openapi/base.json")
	if err != nil {
		return nil, err
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("openapi base: %w", err)
	}
	var base openAPIPart
	if err := json.Unmarshal(b, &base); err != nil {
		return nil, err
	}
	if base.Paths == nil {
		base.Paths = map[string]json.RawMessage{}
	}
	names, _ := fs.Glob(openAPIFS, "openapi/*.json")
	for _, name := range names {
		if name == "openapi/base.json" {
			continue
		}
		fb, _ := fs.ReadFile(openAPIFS, name)
		var part openAPIPart
		if err := json.Unmarshal(fb, &part); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for p, v := range part.Paths {
			if _, dup := base.Paths[p]; dup {
				return nil, fmt.Errorf("%s: path %s defined twice", name, p)
			}
			base.Paths[p] = v
		}
		for kind, items := range part.Components {
			if base.Components[kind] == nil {
				base.Components[kind] = map[string]json.RawMessage{}
			}
			for k, v := range items {
				if _, dup := base.Components[kind][k]; dup {
					return nil, fmt.Errorf("%s: component %s/%s defined twice", name, kind, k)
				}
				base.Components[kind][k] = v
			}
		}
	}
	doc["paths"], _ = json.Marshal(base.Paths)
	doc["components"], _ = json.Marshal(base.Components)
	return json.MarshalIndent(doc, "", "  ")
}

func (s *Server) openAPI(c *gin.Context) {
	c.Data(http.StatusOK, "application/json", s.openapi)
}
