import { Body, Controller, Delete, Get, Param, Post, UseGuards } from '@nestjs/common';
import { Get as RoutingGet } from 'routing-controllers';
import { AuthGuard } from './auth.guard';

@Controller('users')
export class UsersController {
  // expect-route: GET /api/users
  // expect-local: GET /users
  @Get()
  findAll() {
    return [];
  }

  // expect-route: GET /api/users/:id
  // expect-local: GET /users/:id
  @Get(':id')
  @UseGuards(AuthGuard)
  findOne(@Param('id') id: string) {
    return { id };
  }

  // expect-route: POST /api/users
  // expect-local: POST /users
  @Post()
  create(@Body() body: unknown) {
    return body;
  }

  // expect-route: none
  @RoutingGet('/elsewhere')
  notNest() {
    return 'routing-controllers';
  }
}

@Controller({ path: 'admin/users' })
class AdminUsersController {
  // expect-route: DELETE /api/admin/users/:id
  // expect-local: DELETE /admin/users/:id
  @Delete(':id')
  async remove(@Param('id') id: string): Promise<void> {
    void id;
  }

  // expect-route: GET /api/admin/users/stats
  // expect-route: GET /api/admin/users/statistics
  // expect-local: GET /admin/users/stats
  // expect-local: GET /admin/users/statistics
  @Get(['stats', 'statistics'])
  stats() {
    return {};
  }
}

class NotAController {
  // expect-route: none
  @Get('ignored')
  ignored() {
    return 'no @Controller';
  }
}

export const controllers = [AdminUsersController, NotAController];
