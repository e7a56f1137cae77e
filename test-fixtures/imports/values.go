// Calls on values of imported types (issue 8): each `expect-call:` comment states the calls of the next line as
// server/src/test/annotations.ts describeCall writes them: `fiber.App.Get` (a value whose type the code writes),
// `fiber.New().Get` (the result of a package function, type not written), `Server.app.Get` (a field path, followed
// across the package's files by the correlation), `(package).app.Get` (a name declared in another file), and
// `?.Get×N` (values of unknown type, one fact per method name and file, at the first call), `fiber.New via register`
// (a package function called through a variable).
package api

import (
	"fmt"
	"strings"

	// expect: github.com/gofiber/fiber/v2 import [fiber=*]
	"github.com/gofiber/fiber/v2"
	// expect: github.com/gofiber/fiber/v2/middleware/logger import [logger=*]
	"github.com/gofiber/fiber/v2/middleware/logger"
)

type Server struct {
	app    *fiber.App
	config Config
	name   string
}

type Config struct {
	Public fiber.Router
}

// Wrapper has the methods of the fiber.App it embeds.
type Wrapper struct {
	*fiber.App
}

// expect-call: fiber.New
var shared = fiber.New()

// expect-call: none
func (s *Server) routes() {
	// expect-call: Server.app.Get
	s.app.Get("/users", s.listUsers)
	// expect-call: Server.config.Public.Post
	s.config.Public.Post("/login", login)
	// expect-call: fiber.New().Use, logger.New
	shared.Use(logger.New())
	// expect-call: (package).router.Put
	router.Put("/users/:id", s.updateUser)
	// expect-call: none
	s.validate()
	// expect-call: none
	fmt.Println(strings.ToUpper(s.name))
}

// expect-call: none
func (s *Server) listUsers(c *fiber.Ctx) error {
	// expect-call: fiber.Ctx.Params
	id := c.Params("id")
	// expect-call: fiber.Ctx.JSON, fiber.Map.Get
	return c.JSON(fiber.Map{"id": id}.Get())
}

// expect-call: none
func login(ctx *fiber.Ctx) error {
	// expect-call: fiber.Ctx.Redirect
	return ctx.Redirect("/")
}

// expect-call: none
func main() {
	// expect-call: fiber.New
	app := fiber.New(fiber.Config{AppName: "api"})
	// expect-call: fiber.New().Get
	app.Get("/", func(c *fiber.Ctx) error {
		// expect-call: fiber.Ctx.SendString
		return c.SendString("ok")
	})
	// expect-call: fiber.New().Group
	api := app.Group("/api")
	// expect-call: fiber.app.Group().Get
	api.Get("/health", health)
	// expect-call: fiber.New, fiber.New().Listen
	fiber.New().Listen(":3000")
	var typed *fiber.App
	// expect-call: fiber.App.Post
	typed.Post("/a", health)
	literal := &fiber.App{}
	// expect-call: fiber.App.Delete
	literal.Delete("/b", health)
	made := new(fiber.App)
	// expect-call: fiber.App.Patch
	made.Patch("/c", health)
	var handler any = health
	// expect-call: fiber.Ctx.Next
	handler.(*fiber.Ctx).Next()
	copied := app
	// expect-call: fiber.New().Head
	copied.Head("/d", health)
	// expect-call: fiber.New().GetRoutes
	for _, route := range app.GetRoutes() {
		// expect-call: ?.Name×2
		route.Name("x")
		// expect-call: none
		route.name()
	}
	// expect-call: fiber.New().GetRoutes
	routes := app.GetRoutes()
	// expect-call: none
	_ = routes
	// expect-call: none
	local := Server{}
	// expect-call: none
	local.routes()
	// expect-call: Server.app.Listen
	local.app.Listen(":3001")
	// expect-call: none
	helper().Name("y")
	register := fiber.New
	// expect-call: fiber.New via register
	register()
	wrapped := &Wrapper{}
	// expect-call: Wrapper.Get
	wrapped.Get("/w", health)
}

// expect-call: fiber.Ctx.SendStatus
func health(c *fiber.Ctx) error { return c.SendStatus(200) }

// expect-call: none
func shadow(fiber string) {
	// expect-call: none
	_ = strings.ToLower(fiber)
}
