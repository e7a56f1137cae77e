/**
 * What functions and methods of popular Go packages return, for values whose type the code does not write
 * (`app := fiber.New()`, `api := app.Group("/api")`). Only signatures checked against the packages' sources; an
 * interface result lists the package's types that implement it (any of them may be the value), so a call on it is
 * the vulnerable method only when every one of them has it listed, and surely not when none has.
 */

/** A result type: the concrete types a value of it may have (one, unless the result is an interface). */
export interface GoResultType {
  /** As the package spells it (`App`, `Router`). */
  name: string;
  /**
   * The concrete types of the package a value of it may be (`['App', 'Group']` for fiber's `Router`), each with the
   * types it embeds, whose methods it has too (gin's `Engine` has `RouterGroup`'s `GET`).
   */
  types: { name: string; embeds: string[] }[];
}

/** Import path without its major version suffix → `Func` or `Type.Method` → result type name. */
type Table = Record<string, Record<string, string>>;

/** Interfaces of a package (same key) → the package's types that implement them. */
type Interfaces = Record<string, Record<string, string[]>>;

const results: Table = {
  // fiber v2: app.go `func New(config ...Config) *App`, `func (app *App) Group(prefix string, handlers ...Handler) Router`;
  // group.go `func (grp *Group) Group(prefix string, handlers ...Handler) Router`.
  'github.com/gofiber/fiber': { New: 'App', 'App.Group': 'Router', 'Group.Group': 'Router' },
  // gin.go `func New(opts ...OptionFunc) *Engine`, `func Default(opts ...OptionFunc) *Engine`;
  // routergroup.go `func (group *RouterGroup) Group(relativePath string, handlers ...HandlerFunc) *RouterGroup` (promoted to Engine).
  'github.com/gin-gonic/gin': { New: 'Engine', Default: 'Engine', 'Engine.Group': 'RouterGroup', 'RouterGroup.Group': 'RouterGroup' },
  // echo.go `func New() (e *Echo)`, `func (e *Echo) Group(prefix string, m ...MiddlewareFunc) (g *Group)`;
  // group.go `func (g *Group) Group(prefix string, middleware ...MiddlewareFunc) (sg *Group)`.
  'github.com/labstack/echo': { New: 'Echo', 'Echo.Group': 'Group', 'Group.Group': 'Group' },
  // mux.go `func NewRouter() *Router`, `func (r *Router) PathPrefix(tpl string) *Route`, `HandleFunc(…) *Route`;
  // route.go `func (r *Route) Subrouter() *Router`.
  'github.com/gorilla/mux': { NewRouter: 'Router', 'Router.PathPrefix': 'Route', 'Router.HandleFunc': 'Route', 'Router.Handle': 'Route', 'Route.Subrouter': 'Router' },
  // chi mux.go `func NewRouter() *Mux`, `func NewMux() *Mux`.
  'github.com/go-chi/chi': { NewRouter: 'Mux', NewMux: 'Mux' },
  // database/sql `func Open(driverName, dataSourceName string) (*DB, error)`, `func (db *DB) Begin() (*Tx, error)`.
  'database/sql': { Open: 'DB', OpenDB: 'DB', 'DB.Begin': 'Tx', 'DB.BeginTx': 'Tx', 'DB.Prepare': 'Stmt', 'DB.Query': 'Rows', 'DB.QueryRow': 'Row' },
  // sqlx `func Open(driverName, dataSourceName string) (*DB, error)`, `func Connect(…) (*DB, error)`.
  'github.com/jmoiron/sqlx': { Open: 'DB', Connect: 'DB', MustConnect: 'DB', MustOpen: 'DB' },
  // gorm v2 `func Open(dialector Dialector, opts ...Option) (db *DB, err error)`.
  'gorm.io/gorm': { Open: 'DB' },
  // jwt (golang-jwt v3–v5 and dgrijalva/jwt-go) `func Parse(…) (*Token, error)`, `ParseWithClaims`, `New`, `NewWithClaims` → *Token.
  'github.com/golang-jwt/jwt': { Parse: 'Token', ParseWithClaims: 'Token', New: 'Token', NewWithClaims: 'Token' },
  'github.com/dgrijalva/jwt-go': { Parse: 'Token', ParseWithClaims: 'Token', New: 'Token', NewWithClaims: 'Token' },
  // net/http `func NewServeMux() *ServeMux`, `func NewRequest(…) (*Request, error)`.
  'net/http': { NewServeMux: 'ServeMux', NewRequest: 'Request', NewRequestWithContext: 'Request' },
  // x/crypto/ssh `func Dial(network, addr string, config *ClientConfig) (*Client, error)`, `func (c *Client) NewSession() (*Session, error)`.
  'golang.org/x/crypto/ssh': { Dial: 'Client', NewClient: 'Client', 'Client.NewSession': 'Session' },
};

const interfaces: Interfaces = {
  // fiber v2 router.go: `Router` is implemented by *App and *Group.
  'github.com/gofiber/fiber': { Router: ['App', 'Group'] },
};

/** Struct types → the package's types they embed (their methods are promoted). */
const embedded: Interfaces = {
  // gin.go `type Engine struct { RouterGroup; … }`.
  'github.com/gin-gonic/gin': { Engine: ['RouterGroup'] },
};

/** `github.com/gofiber/fiber/v2` → `github.com/gofiber/fiber`; `gopkg.in/yaml.v3` kept. */
function withoutMajorVersion(specifier: string): string {
  return specifier.replace(/\/v\d+$/, '');
}

/**
 * The type of the value a chain of calls into `specifier` returns (`['New', 'Group']`, or `['App.Group', 'Get']`
 * starting from a method of a typed value), from what the package's source says (`learned`: `Func` or
 * `Type.Method` → result type, read by the host from `vendor/` or the module cache) and the curated table.
 * Undefined when a link of the chain is not known.
 */
export function goChainResult(specifier: string, chain: readonly string[], learned?: ReadonlyMap<string, string>): GoResultType | undefined {
  const key = withoutMajorVersion(specifier);
  const table = results[key];
  const lookup = (name: string): string | undefined => learned?.get(name) ?? table?.[name];
  let current: string | undefined;
  for (const [index, link] of chain.entries()) {
    current = index === 0 ? lookup(link) : current === undefined ? undefined : lookup(`${current}.${link}`);
    if (current === undefined) {
      return undefined;
    }
  }
  if (current === undefined) {
    return undefined;
  }
  return { name: current, types: (interfaces[key]?.[current] ?? [current]).map((name) => ({ name, embeds: embedded[key]?.[name] ?? [] })) };
}
