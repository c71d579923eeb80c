package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/i18n"
)

// describe turns a domain error into an English message for the terminal,
// naming each field at fault.
func describe(err error) error {
	e := apperr.As(err)
	if e.Code == apperr.Internal {
		return err
	}
	cat, cerr := i18n.Load()
	if cerr != nil {
		return err
	}
	if len(e.Fields) == 0 {
		return errors.New(cat.T(i18n.EN, e.Key))
	}
	var parts []string
	for f, key := range e.Fields {
		parts = append(parts, fmt.Sprintf("--%s: %s", strings.ReplaceAll(f, "_", "-"), cat.T(i18n.EN, key)))
	}
	sort.Strings(parts)
	return errors.New(strings.Join(parts, "; "))
}
