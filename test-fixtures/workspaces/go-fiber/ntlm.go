package main

import (
	"unicode/utf16"

	"golang.org/x/crypto/md4"
)

// ntHash is the NT hash of a password (MD4 of its UTF-16LE bytes), as the legacy directory stores it.
func ntHash(password string) []byte {
	h := md4.New()
	for _, unit := range utf16.Encode([]rune(password)) {
		h.Write([]byte{byte(unit), byte(unit >> 8)})
	}
	return h.Sum(nil)
}
