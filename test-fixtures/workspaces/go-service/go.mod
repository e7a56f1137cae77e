module github.com/acme/go-service

go 1.21

toolchain go1.21.5

require (
	github.com/acme/go-shared v0.3.0
	github.com/gin-gonic/gin v1.9.0
	github.com/golang-jwt/jwt/v4 v4.4.1
	gopkg.in/yaml.v3 v3.0.0-20210107192922-496545a6307b
)

require (
	github.com/bytedance/sonic v1.8.0 // indirect
	github.com/gin-contrib/sse v0.1.0 // indirect
	github.com/go-playground/locales v0.14.1 // indirect
	github.com/go-playground/universal-translator v0.18.1 // indirect
	github.com/go-playground/validator/v10 v10.11.2 // indirect
	github.com/goccy/go-json v0.10.0 // indirect
	github.com/json-iterator/go v1.1.12 // indirect
	github.com/leodido/go-urn v1.2.1 // indirect
	github.com/mattn/go-isatty v0.0.17 // indirect
	github.com/pelletier/go-toml/v2 v2.0.6 // indirect
	github.com/ugorji/go/codec v1.2.9 // indirect
	golang.org/x/crypto v0.5.0 // indirect
	golang.org/x/net v0.7.0 // indirect
	golang.org/x/sys v0.5.0 // indirect
	golang.org/x/text v0.7.0 // indirect
	google.golang.org/protobuf v1.28.1 // indirect
)

require github.com/sirupsen/logrus v1.9.0

// The shared library lives next to this service in the monorepo.
replace github.com/acme/go-shared => ../go-shared

// CVE-2023-39325: build the patched x/net until gin moves on.
replace golang.org/x/net v0.7.0 => golang.org/x/net v0.17.0

exclude golang.org/x/text v0.3.7

retract v0.1.0 // published with a broken handler
