/** Host paths whose mount hands over the node or its container runtime. */
const sensitiveHostPaths = /^\/(?:$|etc(?:\/|$)|proc(?:\/|$)|sys(?:\/|$)|root(?:\/|$)|boot(?:\/|$)|dev(?:\/|$)|run(?:\/|$)|var\/run(?:\/|$)|var\/lib\/kubelet(?:\/|$)|var\/lib\/docker(?:\/|$))/;

/** Whether mounting this host path gives a container control over the host (root, system dirs, runtime sockets). */
export function isSensitiveHostPath(path: string): boolean {
  const normalized = path.trim().replace(/^\/\//, '/').replace(/\/+$/, '') || '/';
  return sensitiveHostPaths.test(normalized) || isContainerRuntimeSocket(normalized);
}

/** Whether a path is a container runtime socket (Docker, containerd, CRI-O): mounting it is root on the host. */
export function isContainerRuntimeSocket(path: string): boolean {
  return /(?:^|\/)(?:docker|containerd|crio)\.sock$/.test(path.trim());
}
