# secd image: build on Debian 12 with the -dev packages, run on Debian 12 with only the runtime
# libraries. Builds with `docker build .` anywhere and with `podman build --pull=never .` here
# (the base image made locally by scripts/container-base).
#
#   docker run -d -p 50051:50051 -p 9090:9090 -v secd-data:/var/lib/secd secd
#
# Defaults suit a container: gRPC on 0.0.0.0:50051, the embedded store in the volume
# /var/lib/secd (first start writes the tokens file and an admin token there). Every flag can be
# given as an argument (`... secd --database mysql://...`) or as SECD_<FLAG> in the environment;
# `... secd migrate` applies the schema migrations and exits.

ARG DEBIAN_IMAGE=docker.io/library/debian:bookworm-slim

FROM ${DEBIAN_IMAGE} AS build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      g++ cmake ninja-build pkg-config grpc-proto \
      libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libabsl-dev \
      libmysqlcppconn-dev libsqlite3-dev libssl-dev prometheus-cpp-dev libcli11-dev libdtl-dev >/dev/null \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake cmake
COPY protos protos
COPY schema schema
# The bank holidays a new store starts with (migration 0006 embeds the file's rows).
COPY data/bank-holidays-england-wales.csv data/
COPY server server
COPY client client
COPY bench bench
# Only the two binaries: no tests, no benchmarks. -O2 without debug info keeps the compile lean;
# warnings are errors in CI's build, not in an image build on some other compiler.
ARG JOBS=2
RUN cmake -S . -B /build -G Ninja -DBUILD_TESTING=OFF -DSECD_WERROR=OFF \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" >/dev/null \
 && cmake --build /build -j "${JOBS}" --target secd secctl \
 && strip /build/server/secd /build/client/secctl

FROM ${DEBIAN_IMAGE}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libgrpc++1.51 libprotobuf32 libabsl20220623 libmysqlcppconn7v5 libsqlite3-0 libssl3 \
      libprometheus-cpp-core1.0 libprometheus-cpp-pull1.0 ca-certificates >/dev/null \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
 && groupadd --system --gid 10001 secd \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/secd --no-create-home \
      --shell /usr/sbin/nologin secd \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/secd
COPY --from=build /build/server/secd /build/client/secctl /usr/local/bin/
# Fails the build if a shared library the binaries need is not in the runtime stage.
RUN ! ldd /usr/local/bin/secd /usr/local/bin/secctl | grep 'not found'

ENV SECD_LISTEN=0.0.0.0:50051 \
    SECD_DATABASE=sqlite:/var/lib/secd/secd.db \
    SECD_ADMIN_TOKEN_FILE=/var/lib/secd/secd-admin.token
USER 10001:10001
WORKDIR /var/lib/secd
VOLUME /var/lib/secd
# 50051 gRPC (health, reflection), 9090 Prometheus metrics (--metrics_listen)
EXPOSE 50051 9090
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/secd"]
