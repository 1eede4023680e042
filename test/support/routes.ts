import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { METHODS } from 'node:http';

/**
 * Every route the running app answers, as "METHOD /path/:param", read from the Express 5
 * router that Nest registers its handlers on (app.router.stack). This sees what the server
 * really serves, including routes added outside Nest's controllers (the Swagger UI).
 *
 * Not routes, and left out: middleware without a path (static files, body parsers), and Nest
 * middleware bound with forRoutes() (the request logger), which Express 5's app.all()
 * registers as a route for every one of Node's HTTP methods. A controller's @All() is
 * registered the same way, so such a route is kept only when a controller declares it; it is
 * then listed as "ALL /path". Every controller route must be found in the router, or the
 * discovery itself is broken and this throws.
 */
export function registeredRoutes(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] } };
  if (!express.router) throw new Error('the Express app has no router: is it Express 5, and has app.init() run?');
  const declared = controllerRoutes(app);
  const out = new Set<string>();
  for (const layer of express.router.stack) {
    if (layer.route) {
      const { path, methods } = layer.route;
      if (EVERY_METHOD.every((m) => methods[m])) {
        if (declared.has(`ALL ${path}`)) out.add(`ALL ${path}`);
        continue;
      }
      for (const method of Object.keys(methods)) out.add(`${method.toUpperCase()} ${path}`);
    } else if (layer.handle?.stack) {
      // A mounted sub-router: Express 5 does not keep its mount path where we could read it.
      throw new Error(`a mounted router (${layer.name}) was found; teach registeredRoutes() its mount path`);
    }
  }
  const missing = [...declared].filter((r) => !out.has(r));
  if (missing.length) throw new Error(`controller routes not found in the Express router: ${missing.join(', ')}`);
  return [...out].sort();
}

const EVERY_METHOD = METHODS.map((m) => m.toLowerCase());

interface Layer {
  name: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: unknown[] };
}

/** The routes the controllers declare (@Get, @Post, @All…), from Nest's own metadata. */
function controllerRoutes(app: NestExpressApplication): Set<string> {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const out = new Set<string>();
  for (const wrapper of discovery.getControllers()) {
    const prototype = wrapper.metatype?.prototype as Record<string, unknown> | undefined;
    if (!prototype) continue;
    const bases = [Reflect.getMetadata(PATH_METADATA, wrapper.metatype) as string | string[] | undefined].flat();
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      for (const base of bases) {
        for (const sub of [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat()) {
          const path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
          out.add(`${RequestMethod[method]} ${path.length > 1 ? path.replace(/\/$/, '') : path}`);
        }
      }
    }
  }
  return out;
}
