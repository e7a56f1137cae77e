module github.com/acme/ledger

go 1.21

require github.com/acme-labs/kvstore v1.2.0

require (
	github.com/acme-labs/metrics v0.3.0 // indirect
	golang.org/x/net v0.10.0 // indirect
)
