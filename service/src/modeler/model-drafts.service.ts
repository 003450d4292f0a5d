import type { DataSource, Repository } from 'typeorm';
import { runWriteTransaction } from '../db/write-transaction.js';
import { NotFoundError } from '../errors/index.js';
import { readProcessIdentity } from './bpmn-process.js';
import { ModelDraftEntity } from './model-draft.entity.js';

export interface DraftSummary {
  id: number;
  bpmnProcessId: string;
  name: string | null;
  savedBy: string;
  savedAt: Date;
  processDefinitionKey: string | null;
  processVersion: number | null;
  deployedBy: string | null;
  deployedAt: Date | null;
}

export interface DeploymentRecord {
  processDefinitionKey: string;
  processVersion: number;
  deployedBy: string;
}

function summarise({ xml: _xml, ...summary }: ModelDraftEntity): DraftSummary {
  return summary;
}

/** Stores the diagrams that analysts save from the modeler and records their deployments. */
export class ModelDraftsService {
  private readonly drafts: Repository<ModelDraftEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.drafts = dataSource.getRepository(ModelDraftEntity);
  }

  /** Saves `xml` as a new draft of its process; earlier drafts stay stored. */
  async save(xml: string, savedBy: string): Promise<DraftSummary> {
    const identity = await readProcessIdentity(xml);
    const draft = this.drafts.create({
      ...identity,
      xml,
      savedBy,
      savedAt: this.now(),
      processDefinitionKey: null,
      processVersion: null,
      deployedBy: null,
      deployedAt: null,
    });
    return summarise(await this.store(draft));
  }

  /** Lists the newest draft of each process, sorted by process id. */
  async listLatest(): Promise<DraftSummary[]> {
    const newest = this.drafts
      .createQueryBuilder('newest')
      .select('MAX(newest.id)')
      .groupBy('newest.bpmnProcessId');
    const rows = await this.drafts
      .createQueryBuilder('draft')
      .where(`draft.id IN (${newest.getQuery()})`)
      .orderBy('draft.bpmnProcessId', 'ASC')
      .getMany();
    return rows.map(summarise);
  }

  /** Returns a draft with its XML, or throws NotFoundError. */
  async get(id: number): Promise<ModelDraftEntity> {
    const draft = await this.drafts.findOneBy({ id });
    if (!draft) throw new NotFoundError(`no model draft with id ${id}`, { field: 'id', value: id });
    return draft;
  }

  /** Records that draft `id` was deployed as a process definition. */
  async recordDeployment(id: number, record: DeploymentRecord): Promise<DraftSummary> {
    const draft = await this.get(id);
    Object.assign(draft, record, { deployedAt: this.now() });
    return summarise(await this.store(draft));
  }

  /**
   * Stores a file deployed without a draft (`POST /api/deployments`) as a draft that is already
   * deployed, so that the versions list shows who deployed it and when.
   */
  async recordUpload(
    xml: string,
    identity: { bpmnProcessId: string; name: string | null },
    record: DeploymentRecord,
  ): Promise<DraftSummary> {
    const now = this.now();
    const draft = this.drafts.create({
      ...identity,
      xml,
      savedBy: record.deployedBy,
      savedAt: now,
      ...record,
      deployedAt: now,
    });
    return summarise(await this.store(draft));
  }

  /** Saves through the write queue, which SQLite needs when the engine writes at the same time. */
  private store(draft: ModelDraftEntity): Promise<ModelDraftEntity> {
    return runWriteTransaction(this.dataSource, (manager) => manager.save(draft));
  }

  /** Returns who deployed each of `processDefinitionKeys` from the modeler, and when. */
  async findDeployments(
    processDefinitionKeys: string[],
  ): Promise<Map<string, { deployedBy: string; deployedAt: Date }>> {
    if (processDefinitionKeys.length === 0) return new Map();
    const rows = await this.drafts
      .createQueryBuilder('draft')
      .where('draft.processDefinitionKey IN (:...keys)', { keys: processDefinitionKeys })
      .orderBy('draft.id', 'ASC')
      .getMany();
    const found = new Map<string, { deployedBy: string; deployedAt: Date }>();
    for (const row of rows) {
      if (!found.has(row.processDefinitionKey!)) {
        found.set(row.processDefinitionKey!, {
          deployedBy: row.deployedBy!,
          deployedAt: row.deployedAt!,
        });
      }
    }
    return found;
  }
}
