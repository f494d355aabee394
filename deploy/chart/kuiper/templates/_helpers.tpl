{{- /* Names, labels and the ports read from kuiperConfig, shared by the templates. */ -}}

{{- /* The chart's name, at most 63 characters (a DNS label). */ -}}
{{- define "kuiper.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- /* The release's full name: the release name alone when it already holds the chart's name. */ -}}
{{- define "kuiper.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "kuiper.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kuiper.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kuiper.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "kuiper.labels" -}}
helm.sh/chart: {{ include "kuiper.chart" . }}
{{ include "kuiper.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- /* kuiperd's REST port: basic.restPort of kuiperConfig's kuiper.yaml, 9081 without it. */ -}}
{{- define "kuiper.restPort" -}}
{{- dig "kuiper.yaml" "basic" "restPort" 9081 .Values.kuiperConfig -}}
{{- end -}}

{{- /* 1.0's CLI RPC port (basic.port), 20498 without it. */ -}}
{{- define "kuiper.rpcPort" -}}
{{- dig "kuiper.yaml" "basic" "port" 20498 .Values.kuiperConfig -}}
{{- end -}}

{{- /* A kuiperConfig file name as a ConfigMap key (keys cannot hold a slash): sources/zmq.yaml → sources__zmq.yaml. */ -}}
{{- define "kuiper.configKey" -}}
{{- replace "/" "__" . -}}
{{- end -}}

{{- define "kuiper.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "kuiper.toolImage" -}}
{{- $repository := default .Values.image.repository .Values.kubernetesTool.image.repository -}}
{{- $tag := default (default .Chart.AppVersion .Values.image.tag) .Values.kubernetesTool.image.tag -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}

{{- /* The tool's cf.yaml: kuiperd is in the same pod; the command folder is the commands ConfigMap, mounted inside
the tool's folder on the data volume, where the tool keeps .history (so it lives as long as kuiperd's data). */ -}}
{{- define "kuiper.toolConfig" -}}
port: {{ include "kuiper.restPort" . }}
timeout: {{ .Values.kubernetesTool.timeout }}
intervalTime: {{ .Values.kubernetesTool.intervalTime }}
ip: "127.0.0.1"
consoleLog: true
fileLog: false
logPath: "/kuiper-kubernetes-tool/log/kubernetes.log"
commandDir: "/kuiper-kubernetes-tool/data/sample/"
{{- end -}}
