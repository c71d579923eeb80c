// Package archtest holds tests of the code's structure: its import test
// keeps HTTP out of the domain packages, the same rule as the depguard rule
// "domain" in .golangci.yml, so the rule holds where golangci-lint is not
// installed. The package has no code of its own.
package archtest
