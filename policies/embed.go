// Package policies holds the Casbin model and policy of the portal.
package policies

import _ "embed"

// Model is the Casbin model: role, object type, action, relation.
//
//go:embed model.conf
var Model string

// Policy lists every permission, one line each.
//
//go:embed policy.csv
var Policy string
