"""Apache Kafka (KRaft broker + storage tool): Maven Central jars resolved by `mvn` from a small pom of ours."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from harness.errors import HarnessError
from harness.provision import cache, spec, toolchain
from harness.provision.steps import Steps

NAME = "kafka"
TOOLS = ("java", "mvn")
_JAR = re.compile(r"^kafka_(\d+\.\d+)-(\d+\.\d+\.\d+)\.jar$")
_SLF4J = re.compile(r"^slf4j-api-(\d+)\.(\d+)\.\d+\.jar$")


def log4j_config(log_file: Path | None = None, level: str = "INFO") -> str:
    """A log4j2 properties config for Kafka: to `log_file` when given, else to stdout."""
    if log_file is None:
        appender = ["appender.out.type = Console", "appender.out.target = SYSTEM_OUT"]
    else:
        appender = ["appender.out.type = File", f"appender.out.fileName = {log_file}", "appender.out.append = true"]
    return "\n".join([
        "status = warn",
        "name = pipeline-harness-kafka",
        "appender.out.name = OUT",
        *appender,
        "appender.out.layout.type = PatternLayout",
        "appender.out.layout.pattern = [%d{ISO8601}] %p %m (%c)%n",
        f"rootLogger.level = {level}",
        "rootLogger.appenderRef.out.ref = OUT",
        # The quorum/state-change chatter at INFO is large and says nothing a test needs.
        "logger.statechange.name = state.change.logger",
        "logger.statechange.level = WARN",
        "",
    ])


def tools_log4j_file() -> Path:
    """A stdout, WARN-level log4j2 config for the one-shot tools (storage format), kept in the cache."""
    path = cache.root() / NAME / "tools-log4j2.properties"
    text = log4j_config(None, level="WARN")
    if not path.is_file() or path.read_text() != text:
        cache.write_atomic(path, text)
    return path


def libs_version(libs: Path) -> str | None:
    """Kafka's version from the jar names of a libs directory (`kafka_2.13-4.1.1.jar`)."""
    for jar in sorted(libs.glob("kafka_*.jar")):
        if match := _JAR.match(jar.name):
            return match.group(2)
    return None


def on_path() -> tuple[str, Path] | None:
    """A Kafka distribution on PATH (e.g. nixpkgs' apacheKafka): (version, libs dir), else None."""
    for script in ("kafka-storage.sh", "kafka-storage", "kafka-server-start.sh", "kafka-server-start"):
        found = shutil.which(script)
        if not found:
            continue
        libs = Path(found).resolve().parent.parent / "libs"
        version = libs_version(libs) if libs.is_dir() else None
        if version:
            return version, libs
    return None


def _pom(info: dict[str, Any]) -> str:
    deps = []
    for coordinate in info["maven"]["artifacts"]:
        group, artifact, version = coordinate.split(":")
        deps.append(f"    <dependency><groupId>{escape(group)}</groupId><artifactId>{escape(artifact)}</artifactId>"
                    f"<version>{escape(version)}</version></dependency>")
    plugin = escape(info["maven"]["dependency_plugin"])
    return "\n".join([
        '<project xmlns="http://maven.apache.org/POM/4.0.0">',
        "  <modelVersion>4.0.0</modelVersion>",
        "  <groupId>pipeline-harness</groupId><artifactId>kafka-runtime</artifactId><version>0</version>",
        "  <packaging>pom</packaging>",
        "  <dependencies>", *deps, "  </dependencies>",
        "  <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId>"
        f"<artifactId>maven-dependency-plugin</artifactId><version>{plugin}</version></plugin></plugins></build>",
        "</project>", "",
    ])


def _check_binding(libs: Path, info: dict[str, Any], log_path: Path) -> None:
    """Kafka logs nothing (NOP logger) when the slf4j binding does not match its slf4j-api major."""
    majors = {m.group(1) + "." + m.group(2) for jar in libs.iterdir() if (m := _SLF4J.match(jar.name))}
    wanted = info["maven"]["slf4j_api"]
    if majors != {wanted}:
        raise HarnessError(f"kafka: resolved slf4j-api {sorted(majors)} but versions.json expects {wanted}",
                           where=str(log_path),
                           fix="pick the matching log4j binding (log4j-slf4j-impl for 1.7, log4j-slf4j2-impl for 2.x)")


def build(staged: Path, steps: Steps) -> dict[str, Any]:
    """Resolve Kafka's runtime jars into `staged/lib`; return the manifest fields."""
    info = spec.component(NAME)
    mvn = toolchain.find("mvn", NAME)
    java = toolchain.find("java", NAME)
    (staged / "pom.xml").write_text(_pom(info))
    libs = staged / "lib"
    steps.run(
        "resolve jars from Maven Central",
        [str(mvn.path), "-B", "-ntp", f"-Dmaven.repo.local={cache.deps_dir('m2')}", "-f", str(staged / "pom.xml"),
         "dependency:copy-dependencies", f"-DoutputDirectory={libs}", "-DincludeScope=runtime"],
        cwd=staged,
        show=lambda line: line.split("Copying ", 1)[1] if "Copying " in line else None,
    )
    version = libs_version(libs)
    if version != info["version"]:
        raise HarnessError(f"kafka: the resolved jars are version {version}, expected {info['version']}",
                           where=str(libs), fix="check the kafka artifact in versions.json")
    _check_binding(libs, info, steps.log_path)
    out = steps.run("check the storage tool runs",
                    [str(java.path), "-cp", f"{libs}/*", "kafka.tools.StorageTool", "version"], cwd=staged)
    steps.log(f"storage tool says: {out.strip()}")
    jars = sorted(p.name for p in libs.glob("*.jar"))
    return {"version": version, "artifact": "lib", "files": [f"lib/{j}" for j in jars],
            "toolchain": {"java": java.version, "mvn": mvn.version}, "jars": len(jars)}
