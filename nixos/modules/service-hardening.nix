# systemd sandboxing shared by our own Python services (opc-server, pipeline-model): a dynamic
# user, no writes outside the unit's StateDirectory, no privileges, network families only.
# Plain data (no nixpkgs), merged into each unit's serviceConfig.
{
  DynamicUser = true;
  NoNewPrivileges = true;
  CapabilityBoundingSet = "";
  AmbientCapabilities = "";
  ProtectSystem = "strict";
  ProtectHome = true;
  PrivateTmp = true;
  PrivateDevices = true;
  PrivateUsers = true;
  ProtectHostname = true;
  ProtectClock = true;
  ProtectKernelTunables = true;
  ProtectKernelModules = true;
  ProtectKernelLogs = true;
  ProtectControlGroups = true;
  ProtectProc = "invisible";
  ProcSubset = "pid";
  RestrictAddressFamilies = [
    "AF_INET"
    "AF_INET6"
    "AF_UNIX"
  ];
  RestrictNamespaces = true;
  RestrictRealtime = true;
  RestrictSUIDSGID = true;
  LockPersonality = true;
  RemoveIPC = true;
  SystemCallArchitectures = "native";
  SystemCallFilter = [
    "@system-service"
    "~@privileged"
    "~@resources"
  ];
  UMask = "0077";
  # Cross-host dependencies (Kafka on another machine, the network not yet up) are retried by
  # systemd: the unit never gives up for good.
  Restart = "always";
  RestartSec = 2;
}
